package io.socketgrid.client;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class BackoffTest {

    private final Backoff backoff = new Backoff(500, 2, 30_000);

    @Test
    void theCeilingGrowsByTheFactorUpToTheMaximum() {
        assertEquals(500, backoff.ceiling(1));
        assertEquals(1000, backoff.ceiling(2));
        assertEquals(16_000, backoff.ceiling(6));
        assertEquals(30_000, backoff.ceiling(7));
        assertEquals(30_000, backoff.ceiling(10_000), "no overflow for many attempts");
    }

    @Test
    void theDelayIsAFractionOfTheCeiling() {
        assertEquals(0, backoff.delay(3, 0.0));
        assertEquals(1000, backoff.delay(3, 0.5));
        assertEquals(1999, backoff.delay(3, 0.99999));
    }

    @Test
    void badSettingsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new Backoff(-1, 2, 10));
        assertThrows(IllegalArgumentException.class, () -> new Backoff(1, 0.5, 10));
    }
}

package io.socketgrid.load.dialect;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class OutstandingTest {

    private final Answer answer = new RecordingEvents();

    @Test
    void fewCallsHoldFourSlots() {
        Outstanding calls = new Outstanding(16);
        for (long id = 0; id < 100; id++) {
            calls.add(id, id * 10, answer);
            assertEquals(id * 10, calls.remove(id));
        }
        assertEquals(4, calls.slots());
        assertEquals(0, calls.size());
        assertEquals(-1, calls.remove(3), "answered already");
        assertNull(calls.answerOf(3));
    }

    @Test
    void growsWhenCallsPileUpThenGivesUpTheOldest() {
        Outstanding calls = new Outstanding(8);
        for (long id = 0; id < 8; id++) {
            calls.add(id, id, answer);
        }
        assertEquals(8, calls.slots());
        assertEquals(8, calls.size());
        calls.add(8, 8, answer); // takes call 0's slot
        assertEquals(1, calls.evicted());
        assertEquals(8, calls.size());
        assertEquals(-1, calls.remove(0));
        assertEquals(8, calls.remove(8));
        assertEquals(5, calls.remove(5));
    }
}

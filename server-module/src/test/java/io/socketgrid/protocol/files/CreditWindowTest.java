package io.socketgrid.protocol.files;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CreditWindowTest {

    @Test
    void theSenderNeverRunsAheadOfTheCredit() throws Exception {
        CreditWindow credit = new CreditWindow(1000, 0, 300);
        assertEquals(100, credit.next(100));
        credit.sent(100);
        credit.sent(200);
        assertEquals(100, credit.next(250), "only 100 bytes of credit are left");
        credit.sent(300);
        assertEquals(0, credit.next(100));
        assertThrows(ChunkRejectedException.class, () -> credit.sent(301));
        assertTrue(credit.ack(100));
        assertEquals(100, credit.next(100));
        assertFalse(credit.ack(50), "an old ack changes nothing");
        assertThrows(ChunkRejectedException.class, () -> credit.ack(301), "acknowledges bytes never sent");
    }

    @Test
    void theLastChunkIsShortAndTheTransferEndsWhenAllIsAcknowledged() throws Exception {
        CreditWindow credit = new CreditWindow(250, 0, 1000);
        credit.sent(200);
        assertEquals(50, credit.next(100));
        credit.sent(250);
        assertEquals(0, credit.next(100));
        assertFalse(credit.done());
        credit.ack(250);
        assertTrue(credit.done());
    }

    @Test
    void aResumeStartsAtTheReceiversOffset() throws Exception {
        CreditWindow credit = new CreditWindow(1000, 600, 300);
        assertEquals(600, credit.sent());
        assertEquals(300, credit.next(500));
        assertThrows(ChunkRejectedException.class, () -> credit.sent(1001));
    }
}

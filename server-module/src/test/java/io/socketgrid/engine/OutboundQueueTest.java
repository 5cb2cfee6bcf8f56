package io.socketgrid.engine;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OutboundQueueTest {

    private final AtomicInteger overflows = new AtomicInteger();
    private final AtomicInteger failures = new AtomicInteger();
    private final AtomicInteger written = new AtomicInteger();

    private final OutboundQueue.Listener listener = new OutboundQueue.Listener() {
        @Override
        public void onOverflow() {
            overflows.incrementAndGet();
        }

        @Override
        public void onWriteFailed(Throwable failure) {
            failures.incrementAndGet();
        }

        @Override
        public void onWritten(int chars) {
            written.incrementAndGet();
        }
    };

    @Test
    void writesThatCompleteInlineDrainWithoutGrowingTheStack() {
        FakeTransport transport = new FakeTransport();
        OutboundQueue queue = new OutboundQueue(transport, Long.MAX_VALUE, listener);
        int count = 200_000;
        for (int i = 0; i < count; i++) {
            assertTrue(queue.offer("m" + i));
        }
        assertEquals(count, transport.sent.size());
        assertEquals(count, written.get());
        assertEquals("m0", transport.sent.peek());
        assertEquals(1, transport.outstandingMax);
    }

    @Test
    void heldWritesGoOutOneAtATimeInOrder() {
        FakeTransport transport = new FakeTransport();
        transport.holdWrites();
        OutboundQueue queue = new OutboundQueue(transport, Long.MAX_VALUE, listener);
        for (int i = 0; i < 5; i++) {
            assertTrue(queue.offer("m" + i));
        }
        assertEquals(1, transport.sent.size(), "only one write may be outstanding");
        while (transport.completeOneHeldWrite()) {
            // each completion starts the next write
        }
        assertEquals(List.of("m0", "m1", "m2", "m3", "m4"), new ArrayList<>(transport.sent));
        assertEquals(1, transport.outstandingMax);
        assertEquals(0, queue.waitingChars());
    }

    @Test
    void overflowRefusesAndReportsOnce() {
        FakeTransport transport = new FakeTransport();
        transport.holdWrites();
        OutboundQueue queue = new OutboundQueue(transport, 10, listener);
        assertTrue(queue.offer("outstanding")); // written at once, even though longer than the limit
        assertTrue(queue.offer("12345"));
        assertTrue(queue.offer("67890"));
        assertFalse(queue.offer("x"));
        assertFalse(queue.offer("y"));
        assertEquals(1, overflows.get());
        assertEquals(0, queue.waitingChars());
    }

    @Test
    void failedWriteClosesTheQueue() {
        Transport failing = new Transport() {
            @Override
            public void sendText(String text, Consumer<Throwable> completion) {
                completion.accept(new java.io.IOException("broken pipe"));
            }

            @Override
            public void close(int code, String reason) {
            }

            @Override
            public String describe() {
                return "failing";
            }
        };
        OutboundQueue queue = new OutboundQueue(failing, 100, listener);
        assertTrue(queue.offer("a"));
        assertFalse(queue.offer("b"));
        assertEquals(1, failures.get());
        assertEquals(0, written.get());
    }
}

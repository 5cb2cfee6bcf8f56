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
    private final SendBacklog backlog = new SendBacklog();

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
        public void onWritten(OutboundFrame frame) {
            written.incrementAndGet();
        }
    };

    @Test
    void writesThatCompleteInlineDrainWithoutGrowingTheStack() {
        FakeTransport transport = new FakeTransport();
        OutboundQueue queue = new OutboundQueue(transport, Long.MAX_VALUE, listener, backlog);
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
        OutboundQueue queue = new OutboundQueue(transport, Long.MAX_VALUE, listener, backlog);
        for (int i = 0; i < 5; i++) {
            assertTrue(queue.offer("m" + i));
        }
        assertEquals(1, transport.sent.size(), "only one write may be outstanding");
        while (transport.completeOneHeldWrite()) {
            // each completion starts the next write
        }
        assertEquals(List.of("m0", "m1", "m2", "m3", "m4"), new ArrayList<>(transport.sent));
        assertEquals(1, transport.outstandingMax);
        assertEquals(0, queue.waitingBytes());
        assertEquals(0, backlog.size(), "a drained queue leaves the backlog");
    }

    @Test
    void onlyQueuesWithFramesWaitingAreInTheBacklog() {
        FakeTransport idle = new FakeTransport();
        OutboundQueue flowing = new OutboundQueue(idle, Long.MAX_VALUE, listener, backlog);
        FakeTransport held = new FakeTransport();
        held.holdWrites();
        OutboundQueue small = new OutboundQueue(held, Long.MAX_VALUE, listener, backlog);
        FakeTransport heldToo = new FakeTransport();
        heldToo.holdWrites();
        OutboundQueue large = new OutboundQueue(heldToo, Long.MAX_VALUE, listener, backlog);

        assertTrue(flowing.offer("written at once"));
        assertTrue(small.offer("outstanding"));
        assertEquals(0, backlog.size(), "a frame written at once never waits");
        assertTrue(small.offer("abc"));
        assertTrue(large.offer("outstanding"));
        assertTrue(large.offer("12345"));
        assertTrue(large.offer("6789"));
        assertEquals(2, backlog.size());
        assertEquals(new SocketGridEngine.SendQueueDepth(12, 9), backlog.depth());

        assertTrue(held.completeOneHeldWrite()); // "abc" goes out: nothing waits in small any more
        assertEquals(new SocketGridEngine.SendQueueDepth(9, 9), backlog.depth());
        assertEquals(1, backlog.size());
        large.close();
        assertEquals(0, backlog.size(), "a closed queue leaves the backlog");
        assertEquals(new SocketGridEngine.SendQueueDepth(0, 0), backlog.depth());
    }

    @Test
    void overflowRefusesAndReportsOnce() {
        FakeTransport transport = new FakeTransport();
        transport.holdWrites();
        OutboundQueue queue = new OutboundQueue(transport, 10, listener, backlog);
        assertTrue(queue.offer("outstanding")); // written at once, even though longer than the limit
        assertTrue(queue.offer("12345"));
        assertTrue(queue.offer("67890"));
        assertFalse(queue.offer("x"));
        assertFalse(queue.offer("y"));
        assertEquals(1, overflows.get());
        assertEquals(0, queue.waitingBytes());
        assertEquals(0, backlog.size(), "a queue cut for overflow leaves the backlog");
    }

    @Test
    void failedWriteClosesTheQueue() {
        Transport failing = new Transport() {
            @Override
            public void sendText(String text, Consumer<Throwable> completion) {
                completion.accept(new java.io.IOException("broken pipe"));
            }

            @Override
            public void sendBinary(java.nio.ByteBuffer data, Consumer<Throwable> completion) {
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
        OutboundQueue queue = new OutboundQueue(failing, 100, listener, backlog);
        assertTrue(queue.offer("a"));
        assertFalse(queue.offer("b"));
        assertEquals(1, failures.get());
        assertEquals(0, written.get());
    }

    @Test
    void textIsCountedInUtf8Bytes() {
        FakeTransport transport = new FakeTransport();
        transport.holdWrites();
        OutboundQueue queue = new OutboundQueue(transport, 12, listener, backlog);
        assertTrue(queue.offer("outstanding"));
        assertTrue(queue.offer("\u00e9\u00e9\u00e9"));  // 3 chars, 6 bytes
        assertEquals(6, queue.waitingBytes());
        assertTrue(queue.offer("\ud83d\ude00"));      // 2 chars, one 4-byte code point
        assertEquals(10, queue.waitingBytes());
        assertFalse(queue.offer("\u20ac"), "3 more bytes pass the 12-byte limit");
        assertEquals(1, overflows.get());
    }

    @Test
    void binaryFramesShareTheQueueInOrder() {
        FakeTransport transport = new FakeTransport();
        transport.holdWrites();
        OutboundQueue queue = new OutboundQueue(transport, 100, listener, backlog);
        assertTrue(queue.offer("first"));
        assertTrue(queue.offer(OutboundFrame.binary(java.nio.ByteBuffer.wrap(new byte[40]), false)));
        assertTrue(queue.offer("third"));
        assertEquals(45, queue.waitingBytes());
        while (transport.completeOneHeldWrite()) {
            // each completion starts the next write
        }
        assertEquals(List.of("first", "binary:40", "third"), new ArrayList<>(transport.sent));
        assertEquals(3, written.get());
    }

    @Test
    void flowControlledFramesAreCountedButNeverRefused() {
        FakeTransport transport = new FakeTransport();
        transport.holdWrites();
        OutboundQueue queue = new OutboundQueue(transport, 100, listener, backlog);
        assertTrue(queue.offer("outstanding"));
        for (int i = 0; i < 5; i++) {
            assertTrue(queue.offer(OutboundFrame.binary(java.nio.ByteBuffer.wrap(new byte[64]), true)));
        }
        assertEquals(320, queue.waitingBytes());
        assertFalse(queue.offer("text waiting behind 320 bytes of chunks passes the 100-byte limit"));
        assertEquals(1, overflows.get());
    }

    @Test
    void aBinaryFrameOverTheLimitIsRefused() {
        FakeTransport transport = new FakeTransport();
        transport.holdWrites();
        OutboundQueue queue = new OutboundQueue(transport, 100, listener, backlog);
        assertTrue(queue.offer("outstanding"));
        assertTrue(queue.offer("queued"));
        assertFalse(queue.offer(OutboundFrame.binary(java.nio.ByteBuffer.wrap(new byte[101]), false)));
        assertEquals(1, overflows.get());
    }
}

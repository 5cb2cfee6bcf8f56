package io.socketgrid.engine;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A transport that records what is written and how it is closed. Writes complete at once, unless
 * {@link #holdWrites()} makes it behave like a client that stopped reading.
 */
public final class FakeTransport implements Transport {

    public static final long WAIT_SECONDS = 5;

    public final BlockingQueue<String> sent = new LinkedBlockingQueue<>();
    final CompletableFuture<Integer> closedWith = new CompletableFuture<>();
    private final Queue<Consumer<Throwable>> held = new ArrayDeque<>();
    private boolean holding;
    private volatile CountDownLatch closeGate;
    int outstandingMax;
    private int outstanding;

    public synchronized void holdWrites() {
        holding = true;
    }

    /** Completes the oldest held write; false when none is held. */
    public boolean completeOneHeldWrite() {
        Consumer<Throwable> completion;
        synchronized (this) {
            completion = held.poll();
            if (completion == null) {
                return false;
            }
            outstanding--;
        }
        completion.accept(null);
        return true;
    }

    /** Binary messages written, in order (their text record in {@link #sent} is {@code binary:<size>}). */
    public final BlockingQueue<java.nio.ByteBuffer> binary = new LinkedBlockingQueue<>();

    @Override
    public void sendText(String text, Consumer<Throwable> completion) {
        write(text, completion);
    }

    @Override
    public void sendBinary(java.nio.ByteBuffer data, Consumer<Throwable> completion) {
        binary.add(data);
        write("binary:" + data.remaining(), completion);
    }

    private void write(String record, Consumer<Throwable> completion) {
        sent.add(record);
        synchronized (this) {
            outstanding++;
            outstandingMax = Math.max(outstandingMax, outstanding);
            if (holding) {
                held.add(completion);
                return;
            }
            outstanding--;
        }
        completion.accept(null);
    }

    /** Makes {@link #close} record its code and then wait until {@code gate} opens, as a slow container close. */
    public void blockClosesUntil(CountDownLatch gate) {
        closeGate = gate;
    }

    @Override
    public void close(int code, String reason) {
        closedWith.complete(code);
        CountDownLatch gate = closeGate;
        if (gate != null) {
            try {
                gate.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public String describe() {
        return "fake";
    }

    /** The next frame written, waiting at most {@value #WAIT_SECONDS} s. */
    public String next() throws InterruptedException {
        String frame = sent.poll(WAIT_SECONDS, TimeUnit.SECONDS);
        assertNotNull(frame, "nothing was sent within " + WAIT_SECONDS + " s");
        return frame;
    }

    /** The next frame that is not a heartbeat. */
    public String nextFrame() throws InterruptedException {
        String frame;
        do {
            frame = next();
        } while (frame.isEmpty());
        return frame;
    }

    /** The close code, or null while the socket is open. */
    public Integer closedCode() {
        return closedWith.getNow(null);
    }

    /** The close code, waiting at most {@value #WAIT_SECONDS} s. */
    public int closeCode() throws Exception {
        try {
            return closedWith.get(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            return fail("the socket was not closed within " + WAIT_SECONDS + " s");
        }
    }
}

package io.socketgrid.engine;

import java.util.ArrayDeque;

/**
 * The bounded, ordered, asynchronous send path of one socket, for text and binary frames alike. At most one
 * write is outstanding on the transport; later frames wait here. The queue counts the bytes waiting; when a
 * frame would take them past the limit, the frame is refused and {@code onOverflow} runs once: one slow
 * reader is disconnected instead of holding memory or threads.
 *
 * <p>Frames that are {@linkplain OutboundFrame#flowControlled() flow controlled} are counted but never
 * refused: their sender only sends what the receiver's credit allows, which bounds them already.
 *
 * <p>A frame offered while no write is outstanding goes to the transport without passing through the waiting
 * list (nothing can be waiting then); only frames behind an outstanding write wait, and while any do, the queue
 * is in the engine's {@link SendBacklog}.
 *
 * <p>Thread-safe: frames may be offered from any thread; they are written in offer order.
 */
final class OutboundQueue {

    interface Listener {
        /** The queue refused a frame because the limit was reached; called once. */
        void onOverflow();

        /** A write failed; the queue is closed. Called once. */
        void onWriteFailed(Throwable failure);

        /** {@code frame} was written. */
        void onWritten(OutboundFrame frame);
    }

    private final Transport transport;
    private final long limitBytes;
    private final Listener listener;
    private final SendBacklog backlog;

    private final Object lock = new Object();
    private final ArrayDeque<OutboundFrame> waiting = new ArrayDeque<>();
    private long waitingBytes;
    private boolean writing;          // a frame is outstanding on the transport, or the pump is running
    private boolean insideSend;       // the pump is inside a transport send
    private boolean completedInside;  // the outstanding write completed while the pump was inside the send
    private boolean closed;

    OutboundQueue(Transport transport, long limitBytes, Listener listener, SendBacklog backlog) {
        this.transport = transport;
        this.limitBytes = limitBytes;
        this.listener = listener;
        this.backlog = backlog;
    }

    /** Queues a text frame; false when the queue is closed or over its limit. */
    boolean offer(String text) {
        return offer(OutboundFrame.text(text));
    }

    /** Queues {@code frame}; false when the queue is closed or over its limit. */
    boolean offer(OutboundFrame frame) {
        boolean overflow = false;
        synchronized (lock) {
            if (closed) {
                return false;
            }
            if (writing) {
                // a single frame larger than the limit still goes out when nothing waits before it
                if (waitingBytes + frame.bytes() > limitBytes && !waiting.isEmpty() && !frame.flowControlled()) {
                    dropWaiting();
                    closed = true;
                    overflow = true;
                } else {
                    if (waiting.isEmpty()) {
                        backlog.joined(this);
                    }
                    waiting.add(frame);
                    waitingBytes += frame.bytes();
                    return true;
                }
            } else {
                writing = true; // nothing waits while no write is outstanding: this frame goes first
            }
        }
        if (overflow) {
            listener.onOverflow();
            return false;
        }
        pump(frame);
        return true;
    }

    /** Drops what waits; frames offered later are refused. */
    void close() {
        synchronized (lock) {
            closed = true;
            dropWaiting();
        }
    }

    /** Empties the waiting list; under the lock. */
    private void dropWaiting() {
        if (!waiting.isEmpty()) {
            waiting.clear();
            backlog.left(this);
        }
        waitingBytes = 0;
    }

    /** Bytes waiting to be written (not counting the outstanding write). */
    long waitingBytes() {
        synchronized (lock) {
            return waitingBytes;
        }
    }

    /**
     * Writes {@code first} (when not null), then the waiting frames, one at a time. Runs on the thread that found
     * the queue idle, or on the thread that completed the previous write; a write that completes inside the
     * transport's send is continued by the loop instead of by recursion, so draining a long queue never grows
     * the stack.
     */
    private void pump(OutboundFrame first) {
        OutboundFrame frame = first;
        while (true) {
            synchronized (lock) {
                if (frame == null && !closed) {
                    frame = takeWaiting();
                }
                if (frame == null || closed) {
                    writing = false;
                    return;
                }
                insideSend = true;
                completedInside = false;
            }
            OutboundFrame written = frame;
            written.writeTo(transport, failure -> onWriteComplete(written, failure));
            synchronized (lock) {
                insideSend = false;
                if (!completedInside) {
                    return; // the completion, when it comes, continues the pump
                }
            }
            frame = null;
        }
    }

    /** The first waiting frame, taken off the list, or null; under the lock. */
    private OutboundFrame takeWaiting() {
        OutboundFrame frame = waiting.poll();
        if (frame != null) {
            waitingBytes -= frame.bytes();
            if (waiting.isEmpty()) {
                backlog.left(this);
            }
        }
        return frame;
    }

    private void onWriteComplete(OutboundFrame frame, Throwable failure) {
        if (failure != null) {
            close();
            synchronized (lock) {
                writing = false;
            }
            listener.onWriteFailed(failure);
            return;
        }
        listener.onWritten(frame);
        synchronized (lock) {
            if (insideSend) {
                completedInside = true;
                return;
            }
        }
        pump(null);
    }
}

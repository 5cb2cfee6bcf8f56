package io.socketgrid.engine;

import java.util.ArrayDeque;

/**
 * The bounded, ordered, asynchronous send path of one socket. At most one write is outstanding on the
 * transport; later frames wait here. When the characters waiting would pass the limit, the frame is refused
 * and {@code onOverflow} runs once: one slow reader is disconnected instead of holding memory or threads.
 *
 * <p>Thread-safe: frames may be offered from any thread; they are written in offer order.
 */
final class OutboundQueue {

    interface Listener {
        /** The queue refused a frame because the limit was reached; called once. */
        void onOverflow();

        /** A write failed; the queue is closed. Called once. */
        void onWriteFailed(Throwable failure);

        /** A frame of {@code chars} characters was written. */
        void onWritten(int chars);
    }

    private final Transport transport;
    private final long limitChars;
    private final Listener listener;

    private final Object lock = new Object();
    private final ArrayDeque<String> waiting = new ArrayDeque<>();
    private long waitingChars;
    private boolean writing;          // a frame is outstanding on the transport, or the pump is running
    private boolean insideSendText;   // the pump is inside transport.sendText
    private boolean completedInside;  // the outstanding write completed while the pump was inside sendText
    private boolean closed;

    OutboundQueue(Transport transport, long limitChars, Listener listener) {
        this.transport = transport;
        this.limitChars = limitChars;
        this.listener = listener;
    }

    /** Queues {@code frame}; false when the queue is closed or over its limit. */
    boolean offer(String frame) {
        boolean overflow = false;
        synchronized (lock) {
            if (closed) {
                return false;
            }
            // a single frame larger than the limit still goes out when nothing waits before it
            if (waitingChars + frame.length() > limitChars && !waiting.isEmpty()) {
                closed = true;
                waiting.clear();
                waitingChars = 0;
                overflow = true;
            } else {
                waiting.add(frame);
                waitingChars += frame.length();
                if (writing) {
                    return true;
                }
                writing = true;
            }
        }
        if (overflow) {
            listener.onOverflow();
            return false;
        }
        pump();
        return true;
    }

    /** Drops what waits; frames offered later are refused. */
    void close() {
        synchronized (lock) {
            closed = true;
            waiting.clear();
            waitingChars = 0;
        }
    }

    /** Characters waiting to be written (not counting the outstanding write). */
    long waitingChars() {
        synchronized (lock) {
            return waitingChars;
        }
    }

    /**
     * Writes waiting frames one at a time. Runs on the thread that found the queue idle, or on the thread
     * that completed the previous write; a write that completes inside {@code sendText} is continued by
     * the loop instead of by recursion, so draining a long queue never grows the stack.
     */
    private void pump() {
        while (true) {
            String frame;
            synchronized (lock) {
                frame = closed ? null : waiting.poll();
                if (frame == null) {
                    writing = false;
                    return;
                }
                waitingChars -= frame.length();
                insideSendText = true;
                completedInside = false;
            }
            final int chars = frame.length();
            transport.sendText(frame, failure -> onWriteComplete(chars, failure));
            synchronized (lock) {
                insideSendText = false;
                if (!completedInside) {
                    return; // the completion, when it comes, continues the pump
                }
            }
        }
    }

    private void onWriteComplete(int chars, Throwable failure) {
        if (failure != null) {
            close();
            synchronized (lock) {
                writing = false;
            }
            listener.onWriteFailed(failure);
            return;
        }
        listener.onWritten(chars);
        synchronized (lock) {
            if (insideSendText) {
                completedInside = true;
                return;
            }
        }
        pump();
    }
}

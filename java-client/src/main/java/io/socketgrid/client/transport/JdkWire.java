package io.socketgrid.client.transport;

import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.concurrent.CompletionStage;

/**
 * One JDK WebSocket: the {@link WebSocket.Listener} that joins fragments and reports to a {@link WireListener},
 * and the {@link Wire} that sends through a queue (the JDK allows one outstanding text send at a time).
 *
 * <p>Memory per connection is bounded: the send queue by {@code maxOutboundChars} (over it the connection is
 * aborted), a fragmented inbound message by {@code maxInboundChars}; the fragment buffer exists only while a
 * fragmented message is being received. Asks the JDK for one message at a time ({@code request(1)}), so a
 * slow handler holds back reading instead of buffering.
 */
final class JdkWire implements Wire, WebSocket.Listener {

    private final WireListener listener;
    private final int maxOutboundChars;
    private final int maxInboundChars;

    // guarded by this
    private WebSocket socket;
    private final ArrayDeque<String> outbound = new ArrayDeque<>(4);
    private long outboundChars;
    private boolean sending;
    private boolean finished;
    private int closeCode = -1;
    private String closeReason;

    // touched only by the JDK's listener callbacks, which are never concurrent for one WebSocket
    private StringBuilder fragments;
    private int binaryLength;

    JdkWire(WireListener listener, int maxOutboundChars, int maxInboundChars) {
        this.listener = listener;
        this.maxOutboundChars = maxOutboundChars;
        this.maxInboundChars = maxInboundChars;
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        synchronized (this) {
            socket = webSocket;
        }
        webSocket.request(1);
        listener.opened(this);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        if (last && fragments == null) {
            deliver(data.toString(), webSocket);
            return null;
        }
        if (fragments == null) {
            fragments = new StringBuilder(Math.max(256, data.length() * 2));
        }
        if (fragments.length() + data.length() > maxInboundChars) {
            fragments = null;
            finish(1009, "a text message longer than " + maxInboundChars + " characters");
            webSocket.abort();
            return null;
        }
        fragments.append(data);
        if (last) {
            String message = fragments.toString();
            fragments = null;
            deliver(message, webSocket);
        } else {
            webSocket.request(1);
        }
        return null;
    }

    private void deliver(String message, WebSocket webSocket) {
        if (isFinished()) {
            return;
        }
        listener.text(message);
        webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
        binaryLength += data.remaining();
        if (last) {
            int length = binaryLength;
            binaryLength = 0;
            if (!isFinished()) {
                listener.binary(length);
            }
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        finish(statusCode, reason);
        return null; // the JDK answers the close frame now
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        finish(1006, String.valueOf(error));
    }

    void failedToOpen(Throwable failure) {
        Throwable cause = failure.getCause() != null ? failure.getCause() : failure;
        finish(1006, "could not open: " + cause);
    }

    private synchronized boolean isFinished() {
        return finished;
    }

    /** Reports the end once; later ends (an abort after a close, say) are not reported. */
    private void finish(int code, String reason) {
        synchronized (this) {
            if (finished) {
                return;
            }
            finished = true;
            outbound.clear();
            outboundChars = 0;
        }
        listener.closed(code, reason == null ? "" : reason);
    }

    @Override
    public boolean sendText(String text) {
        WebSocket target;
        synchronized (this) {
            if (finished || closeCode != -1 || socket == null) {
                return false;
            }
            if (sending) {
                if (outboundChars + text.length() > maxOutboundChars) {
                    target = socket;
                } else {
                    outbound.add(text);
                    outboundChars += text.length();
                    return true;
                }
            } else {
                sending = true;
                target = null;
            }
        }
        if (target != null) { // over the bound: the peer reads too slowly for us
            finish(1008, "more than " + maxOutboundChars + " characters waited to be sent");
            target.abort();
            return false;
        }
        transmit(text);
        return true;
    }

    private void transmit(String text) {
        WebSocket target;
        synchronized (this) {
            target = socket;
        }
        target.sendText(text, true).whenComplete((ws, failure) -> sent(failure));
    }

    /** A send completed: start the next queued one, or the queued close, or go idle. */
    private void sent(Throwable failure) {
        if (failure != null) {
            WebSocket target;
            synchronized (this) {
                sending = false;
                target = socket;
            }
            finish(1006, "sending failed: " + failure);
            target.abort();
            return;
        }
        String next;
        WebSocket target;
        int code;
        String reason;
        synchronized (this) {
            if (finished) {
                sending = false;
                return;
            }
            next = outbound.poll();
            target = socket;
            code = closeCode;
            reason = closeReason;
            if (next != null) {
                outboundChars -= next.length();
            } else {
                sending = false;
            }
        }
        if (next != null) {
            transmit(next);
        } else if (code != -1) {
            target.sendClose(code, reason);
        }
    }

    @Override
    public void close(int code, String reason) {
        WebSocket target;
        boolean now;
        String shortened = Wire.shortenReason(reason);
        synchronized (this) {
            if (finished || closeCode != -1 || socket == null) {
                return;
            }
            closeCode = code;
            closeReason = shortened;
            now = !sending;
            target = socket;
        }
        if (now) {
            target.sendClose(code, shortened);
        }
    }

    @Override
    public void abort() {
        WebSocket target;
        synchronized (this) {
            finished = true;
            outbound.clear();
            target = socket;
        }
        if (target != null) {
            target.abort();
        }
    }
}

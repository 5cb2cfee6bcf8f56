package io.socketgrid.client.transport;

import org.junit.jupiter.api.Test;

import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The JDK adapter against a fake {@link WebSocket} whose sends complete when the test says so. */
class JdkWireTest {

    /** A WebSocket that records what is sent and leaves each send's completion to the test. */
    private static final class FakeWebSocket implements WebSocket {
        final List<String> texts = new ArrayList<>();
        final List<CompletableFuture<WebSocket>> sends = new ArrayList<>();
        final List<String> closes = new ArrayList<>();
        long requested;
        boolean aborted;

        @Override
        public CompletableFuture<WebSocket> sendText(CharSequence data, boolean last) {
            texts.add(data.toString());
            CompletableFuture<WebSocket> send = new CompletableFuture<>();
            sends.add(send);
            return send;
        }

        /** Completes the oldest send still open. */
        void completeSend() {
            sends.stream().filter(f -> !f.isDone()).findFirst().orElseThrow().complete(this);
        }

        @Override
        public CompletableFuture<WebSocket> sendBinary(ByteBuffer data, boolean last) {
            throw new UnsupportedOperationException();
        }

        @Override
        public CompletableFuture<WebSocket> sendPing(ByteBuffer message) {
            throw new UnsupportedOperationException();
        }

        @Override
        public CompletableFuture<WebSocket> sendPong(ByteBuffer message) {
            throw new UnsupportedOperationException();
        }

        @Override
        public CompletableFuture<WebSocket> sendClose(int statusCode, String reason) {
            closes.add(statusCode + " " + reason);
            return CompletableFuture.completedFuture(this);
        }

        @Override
        public void request(long n) {
            requested += n;
        }

        @Override
        public String getSubprotocol() {
            return "";
        }

        @Override
        public boolean isOutputClosed() {
            return !closes.isEmpty();
        }

        @Override
        public boolean isInputClosed() {
            return false;
        }

        @Override
        public void abort() {
            aborted = true;
        }
    }

    /** Records the listener calls as lines. */
    private static final class Recorder implements WireListener {
        final List<String> calls = new ArrayList<>();

        @Override
        public void opened(Wire wire) {
            calls.add("opened");
        }

        @Override
        public void text(String message) {
            calls.add("text " + message);
        }

        @Override
        public void binary(int length) {
            calls.add("binary " + length);
        }

        @Override
        public void closed(int code, String reason) {
            calls.add("closed " + code);
        }
    }

    private final FakeWebSocket socket = new FakeWebSocket();
    private final Recorder listener = new Recorder();
    private final JdkWire wire = new JdkWire(listener, 10, 8);

    @Test
    void oneSendAtATimeInCallOrder() {
        wire.onOpen(socket);
        assertTrue(wire.sendText("a"));
        assertTrue(wire.sendText("b"));
        assertTrue(wire.sendText("c"));
        assertEquals(List.of("a"), socket.texts, "the JDK allows one outstanding text send");
        socket.completeSend();
        assertEquals(List.of("a", "b"), socket.texts);
        socket.completeSend();
        socket.completeSend();
        assertEquals(List.of("a", "b", "c"), socket.texts);
    }

    @Test
    void aQueueOverItsBoundAbortsTheConnection() {
        wire.onOpen(socket);
        assertTrue(wire.sendText("in flight"));
        assertTrue(wire.sendText("12345"));
        assertTrue(wire.sendText("12345"));
        assertFalse(wire.sendText("x"), "11 characters would wait: over the bound of 10");
        assertTrue(socket.aborted);
        assertEquals(List.of("opened", "closed 1008"), listener.calls);
        assertFalse(wire.sendText("later"));
    }

    @Test
    void closeWaitsForQueuedSends() {
        wire.onOpen(socket);
        wire.sendText("a");
        wire.sendText("b");
        wire.close(1000, "bye");
        assertEquals(List.of(), socket.closes);
        assertFalse(wire.sendText("after close"));
        socket.completeSend();
        socket.completeSend();
        assertEquals(List.of("1000 bye"), socket.closes);
    }

    @Test
    void fragmentsAreJoinedAndOneMessageIsRequestedAtATime() {
        wire.onOpen(socket);
        assertEquals(1, socket.requested);
        wire.onText(socket, "ab", false);
        wire.onText(socket, "cd", true);
        wire.onText(socket, "whole", true);
        assertEquals(List.of("opened", "text abcd", "text whole"), listener.calls);
        assertEquals(4, socket.requested);
    }

    @Test
    void aFragmentedMessageOverTheLimitAbortsTheConnection() {
        wire.onOpen(socket);
        wire.onText(socket, "12345", false);
        wire.onText(socket, "6789", true);
        assertTrue(socket.aborted);
        assertEquals(List.of("opened", "closed 1009"), listener.calls);
    }

    @Test
    void theEndIsReportedOnce() {
        wire.onOpen(socket);
        wire.onClose(socket, 4000, "draining");
        wire.onError(socket, new IllegalStateException("after the close"));
        wire.onText(socket, "late", true);
        assertEquals(List.of("opened", "closed 4000"), listener.calls);
    }

    @Test
    void aFailedOpenIsReportedAsClosed() {
        wire.failedToOpen(new java.util.concurrent.CompletionException(new java.net.ConnectException("refused")));
        assertEquals(List.of("closed 1006"), listener.calls);
    }

    @Test
    void longCloseReasonsAreShortenedTo123Bytes() {
        wire.onOpen(socket);
        wire.close(1000, "é".repeat(100));
        assertEquals(1000 + " " + "é".repeat(61), socket.closes.get(0));
    }
}

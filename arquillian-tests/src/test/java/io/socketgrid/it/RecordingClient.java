package io.socketgrid.it;

import jakarta.json.Json;
import jakarta.json.JsonObject;

import java.io.ByteArrayOutputStream;
import java.io.StringReader;
import java.net.URI;
import java.util.Map;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A raw protocol client for tests: records every text frame (each frame of a batch apart) and the close code, and answers the server's
 * heartbeats unless told not to. Every wait is bounded ({@value #WAIT_SECONDS} s) and fails the test when
 * it runs out.
 */
final class RecordingClient implements WebSocket.Listener, AutoCloseable {

    static final long WAIT_SECONDS = 10;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final BlockingQueue<String> frames = new LinkedBlockingQueue<>();
    private final BlockingQueue<ByteBuffer> binaries = new LinkedBlockingQueue<>();
    private ByteArrayOutputStream partialBinary = new ByteArrayOutputStream();
    private final BlockingQueue<Long> heartbeats = new LinkedBlockingQueue<>();
    private final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
    private final StringBuilder partial = new StringBuilder();
    private final boolean answerHeartbeats;
    private WebSocket socket;
    private volatile String id;

    private RecordingClient(boolean answerHeartbeats) {
        this.answerHeartbeats = answerHeartbeats;
    }

    static RecordingClient connect(URI uri) throws Exception {
        return connect(uri, true);
    }

    static RecordingClient connect(URI uri, boolean answerHeartbeats) throws Exception {
        return connect(HTTP, uri, answerHeartbeats, Map.of());
    }

    /** Connects with extra HTTP headers on the upgrade request (Origin, Authorization). */
    static RecordingClient connect(URI uri, Map<String, String> headers) throws Exception {
        return connect(HTTP, uri, true, headers);
    }

    /** Connects through {@code http}, e.g. one whose SSL context trusts a test certificate for wss:// URIs. */
    static RecordingClient connect(HttpClient http, URI uri, boolean answerHeartbeats) throws Exception {
        return connect(http, uri, answerHeartbeats, Map.of());
    }

    private static RecordingClient connect(HttpClient http, URI uri, boolean answerHeartbeats, Map<String, String> headers)
            throws Exception {
        RecordingClient client = new RecordingClient(answerHeartbeats);
        WebSocket.Builder builder = http.newWebSocketBuilder();
        headers.forEach(builder::header);
        client.socket = builder.buildAsync(uri, client).get(WAIT_SECONDS, TimeUnit.SECONDS);
        return client;
    }

    /** Connects and completes the handshake; returns the handshake status. */
    static RecordingClient handshaken(URI uri) throws Exception {
        RecordingClient client = connect(uri);
        client.handshake();
        return client;
    }

    JsonObject handshake() throws Exception {
        send("{\"event\":\"#handshake\",\"data\":{\"authToken\":null},\"cid\":1}");
        JsonObject answer = next();
        assertEquals(1, answer.getInt("rid"), () -> "handshake answer: " + answer);
        id = answer.getJsonObject("data").getString("id");
        return answer.getJsonObject("data");
    }

    /** The socket id the handshake gave, null before it. */
    String id() {
        return id;
    }

    /** Sends one text message and waits until it is written. */
    synchronized void send(String text) throws Exception {
        socket.sendText(text, true).get(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    /** The next message that is not a heartbeat, as JSON. */
    JsonObject next() throws InterruptedException {
        String frame = frames.poll(WAIT_SECONDS, TimeUnit.SECONDS);
        assertNotNull(frame, "no message within " + WAIT_SECONDS + " s");
        try (var reader = Json.createReader(new StringReader(frame))) {
            return reader.readObject();
        }
    }

    /** Sends one binary message and waits until it is written. */
    synchronized void sendBinary(ByteBuffer message) throws Exception {
        socket.sendBinary(message, true).get(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    /** The next binary message. */
    ByteBuffer nextBinary() throws InterruptedException {
        ByteBuffer message = binaries.poll(WAIT_SECONDS, TimeUnit.SECONDS);
        assertNotNull(message, "no binary message within " + WAIT_SECONDS + " s");
        return message;
    }

    /** The next text message if one is already there, else null: lets a sender read acks without waiting. */
    JsonObject poll() {
        String frame = frames.poll();
        if (frame == null) {
            return null;
        }
        try (var reader = Json.createReader(new StringReader(frame))) {
            return reader.readObject();
        }
    }

    /** Waits for the next heartbeat from the server. */
    void awaitHeartbeat() throws InterruptedException {
        assertNotNull(heartbeats.poll(WAIT_SECONDS, TimeUnit.SECONDS), "no heartbeat within " + WAIT_SECONDS + " s");
    }

    /** The close code the server sent, waiting for it. */
    int awaitClose() throws Exception {
        try {
            return closeCode.get(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            return fail("the server did not close the socket within " + WAIT_SECONDS + " s");
        }
    }

    /**
     * Sends the handshake and waits for its answer or for the server to close the socket: 0 when answered,
     * else the close code.
     */
    int handshakeOrClose() throws Exception {
        try {
            send("{\"event\":\"#handshake\",\"data\":{},\"cid\":1}");
        } catch (ExecutionException closedAlready) {
            return awaitClose();
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (System.nanoTime() < deadline) {
            if (closeCode.isDone()) {
                return closeCode.get();
            }
            String frame = frames.poll(20, TimeUnit.MILLISECONDS);
            if (frame != null) {
                return 0;
            }
        }
        return fail("neither a handshake answer nor a close within " + WAIT_SECONDS + " s");
    }

    boolean isClosed() {
        return closeCode.isDone();
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            String message = partial.toString();
            partial.setLength(0);
            if (message.isEmpty()) {
                heartbeats.add(System.nanoTime());
                if (answerHeartbeats) {
                    try {
                        send("");
                    } catch (Exception e) {
                        // the socket is closing; the close code tells the test what happened
                    }
                }
            } else {
                addFrames(message);
            }
        }
        webSocket.request(1);
        return null;
    }

    /** One frame, or each frame of a batch (a JSON array, as channel deliveries that arrive together come). */
    private void addFrames(String message) {
        if (!message.startsWith("[")) {
            frames.add(message);
            return;
        }
        try (var reader = Json.createReader(new StringReader(message))) {
            reader.readArray().forEach(frame -> frames.add(frame.toString()));
        }
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
        byte[] bytes = new byte[data.remaining()];
        data.get(bytes);
        partialBinary.writeBytes(bytes);
        if (last) {
            binaries.add(ByteBuffer.wrap(partialBinary.toByteArray()));
            partialBinary = new ByteArrayOutputStream();
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closeCode.complete(statusCode);
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closeCode.complete(1006);
    }

    @Override
    public void close() {
        if (!closeCode.isDone()) {
            socket.abort();
        }
    }
}

package io.socketgrid.files;

import io.socketgrid.broker.LocalNodeRoutes;
import io.socketgrid.engine.Connection;
import io.socketgrid.engine.EngineStats;
import io.socketgrid.engine.FakeTransport;
import io.socketgrid.protocol.CloseCodes;
import io.socketgrid.protocol.files.ChunkFrame;
import io.socketgrid.testing.Fuzz;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Property-based fuzzing of the whole engine of one node (with the file transfer extension, so binary messages
 * and {@code #file.*} events are handled as in the server), without a server: one socket sends a random
 * sequence of valid, malformed, binary and oversized messages while a healthy socket keeps invoking
 * {@code ping}. The healthy socket is answered every time, the misbehaving one is closed only with a documented
 * code, nothing the client sends makes the engine throw, the connection registry returns to its size when the
 * socket goes, and the counters move. See {@link Fuzz} for seeds and longer runs.
 */
class EngineFuzzTest {

    private static final int MAX_MESSAGE_BYTES = 4_096;
    private static final Set<Integer> DOCUMENTED_CLOSES = Set.of(CloseCodes.INVALID_DATA, CloseCodes.MESSAGE_TOO_BIG,
            CloseCodes.HANDSHAKE_REJECTED, CloseCodes.MESSAGE_BEFORE_HANDSHAKE, CloseCodes.SLOW_CONSUMER);

    @TempDir
    Path folder;

    private FileTestNode node;
    private FileTestNode.Client healthy;
    private final AtomicLong pings = new AtomicLong();
    private long healthyCid = 100;

    /** One message the misbehaving socket sends. */
    private record Message(String text, byte[] binary) {
        @Override
        public String toString() {
            return text != null ? "text " + (text.length() > 300 ? text.substring(0, 300) + "…(" + text.length() + ")" : text)
                    : "binary " + Fuzz.hex(binary);
        }
    }

    private record Case(boolean handshake, List<Message> messages) {
    }

    @BeforeEach
    void start() throws Exception {
        node = new FileTestNode("nodea", new LocalNodeRoutes(), folder,
                Map.of("maxMessageBytes", String.valueOf(MAX_MESSAGE_BYTES), "fileChunkBytes", "1024",
                        "fileWindowBytes", "4096"));
        node.engine.handlers().onInvoke("ping", (socket, data) -> pings.incrementAndGet());
        healthy = node.connect();
    }

    @AfterEach
    void stop() {
        node.close();
    }

    @Test
    void aMisbehavingSocketNeitherHurtsAHealthyOneNorLeaks() {
        int cases = Fuzz.forAll("engine under a misbehaving socket", 300, EngineFuzzTest::aCase, this::run);
        EngineStats stats = node.counters.snapshot(node.engine.localConnectionCount());
        assertEquals(1, node.engine.localConnectionCount(), "only the healthy socket is left");
        assertEquals(cases + 1, stats.connectionsOpened());
        assertEquals(cases, stats.connectionsClosed());
        assertTrue(stats.invalidFrames().values().stream().mapToLong(Long::longValue).sum() > 0, "no invalid frame counted");
        assertTrue(stats.closeCodes().containsKey(String.valueOf(CloseCodes.INVALID_DATA)), stats.closeCodes().toString());
        assertTrue(stats.binaryMessagesIn() > 0 && stats.messagesIn() > cases, "messages were not counted");
        assertTrue(node.files.stats().failures().getOrDefault("FileChunkError", 0L) > 0, "no chunk was refused");
    }

    private void run(Case fuzz) throws Exception {
        int before = node.engine.localConnectionCount();
        FakeTransport transport = new FakeTransport();
        Connection connection = node.engine.open(transport);
        FileTestNode.Client client = new FileTestNode.Client(connection, transport, node.engine);
        if (fuzz.handshake()) {
            client.send("{\"event\":\"#handshake\",\"data\":{},\"cid\":1}");
        }
        String transferId = null;
        for (Message message : fuzz.messages()) {
            if (message.binary() != null) {
                client.sendBinary(aimedAt(message.binary(), transferId));
            } else {
                client.send(transferId == null ? message.text() : message.text().replace("$ID", transferId));
            }
            transferId = transferIdSeenBy(transport, transferId);
            healthyStillAnswered();
        }
        Integer closed = transport.closedCode();
        if (closed != null) {
            assertTrue(DOCUMENTED_CLOSES.contains(closed), "closed with an undocumented code " + closed);
        } else {
            node.engine.onTransportClosed(connection, 1000); // the client leaves
        }
        assertEquals(before, node.engine.localConnectionCount(), "the socket is still in the registry");
        healthyStillAnswered();
    }

    /** The healthy socket invokes ping and gets its answer (waits at most FakeTransport.WAIT_SECONDS). */
    private void healthyStillAnswered() throws InterruptedException {
        long cid = ++healthyCid;
        healthy.send("{\"event\":\"ping\",\"cid\":" + cid + "}");
        JsonObject answer;
        do {
            answer = healthy.nextText();
        } while (answer.getInt("rid", -1) != cid);
        assertTrue(answer.containsKey("data"), "the healthy socket's ping failed: " + answer);
        assertTrue(healthy.connection().isOpen(), "the healthy socket was closed");
    }

    /** The id of an upload the server accepted on this socket, if it has answered an offer since. */
    private static String transferIdSeenBy(FakeTransport transport, String known) {
        String id = known;
        for (String record; (record = transport.sent.poll()) != null; ) {
            if (record.startsWith("binary:") || record.isEmpty() || !record.contains("\"id\"")) {
                continue;
            }
            try (var reader = Json.createReader(new StringReader(record))) {
                JsonObject frame = reader.readObject();
                if (frame.get("data") instanceof JsonObject data && data.containsKey("window")) {
                    id = data.getString("id", id);
                }
            }
        }
        return id;
    }

    // ---- generators

    private static Case aCase(SplittableRandom random) {
        int n = 1 + Fuzz.size(random, 12);
        List<Message> messages = new ArrayList<>(n);
        if (random.nextInt(3) == 0) {
            messages.add(new Message(offer(random), null)); // most cases then aim chunks at a real transfer
        }
        for (int i = messages.size(); i < n; i++) {
            messages.add(message(random));
        }
        return new Case(random.nextInt(5) > 0, messages);
    }

    private static String offer(SplittableRandom random) {
        return "{\"event\":\"#file.offer\",\"data\":{\"name\":\"f.bin\",\"size\":" + (1 + random.nextInt(20_000))
                + ",\"type\":\"application/octet-stream\",\"sha256\":\"" + "ab".repeat(32) + "\"},\"cid\":"
                + (2 + random.nextInt(1000)) + "}";
    }

    private static Message message(SplittableRandom random) {
        int cid = random.nextInt(1000);
        return switch (random.nextInt(16)) {
            case 0 -> new Message("{\"event\":\"ping\",\"cid\":" + cid + "}", null);
            case 1 -> new Message("{\"event\":\"ping\",\"data\":{}}", null);
            case 2 -> new Message(Fuzz.oneOf(random, "{\"event\":\"#subscribe\",\"data\":{\"channel\":\"c\"},\"cid\":3}",
                    "{\"event\":\"#publish\",\"data\":{\"channel\":\"c\",\"data\":1}}",
                    "{\"event\":\"#unsubscribe\",\"data\":\"c\"}", "{\"event\":\"#subscribe\",\"data\":{\"channel\":\"#x\"},\"cid\":4}",
                    "{\"event\":\"#handshake\",\"data\":{},\"cid\":5}", "{\"event\":\"#handshake\"}", "",
                    "{\"rid\":77,\"data\":1}", "{\"event\":\"#authenticate\",\"cid\":6}"), null);
            case 3 -> new Message(offer(random), null);
            case 4 -> new Message("{\"event\":\"#file.chunk\",\"data\":{\"id\":\"" + Fuzz.oneOf(random, "$ID", "nodea.x", "nodeb.y", "", "a b")
                    + "\",\"offset\":" + Fuzz.oneOf(random, "0", "1024", "-1", "9223372036854775807", "1e3", "\"0\"")
                    + ",\"data\":\"" + Fuzz.oneOf(random, Base64.getEncoder().encodeToString(Fuzz.bytes(random, random.nextInt(1500))),
                    "!!!", "", "QQ") + "\"}}", null);
            case 5 -> new Message("{\"event\":\"" + Fuzz.oneOf(random, "#file.ack", "#file.cancel", "#file.accept",
                    "#file.reject", "#file.verified", "#file.failed") + "\",\"data\":{\"id\":\"" + Fuzz.oneOf(random, "$ID", "nodea.q", "nodeb.q")
                    + "\",\"offset\":" + random.nextInt(5000) + ",\"window\":" + random.nextInt(5000) + ",\"sha256\":\"00\"}"
                    + (random.nextBoolean() ? ",\"cid\":" + cid : "") + "}", null);
            case 6 -> new Message(Fuzz.oneOf(random, "{", "[]", "[[]]", "[\"\",[1]]", "nul", "{\"event\":5,\"cid\":1}",
                    "{\"event\":\"\",\"cid\":2}", "{\"event\":\"x\",\"cid\":-1}", "{\"rid\":\"a\"}", "{\"x\":1}", "42",
                    "\"\\ud800\"", "{\"event\":\"x\",\"cid\":1.5}", "{\"event\":\"x\"} {}", "\u0000"), null);
            case 7 -> new Message("[".repeat(1_001) + "]".repeat(1_001), null);
            case 8 -> new Message("{\"event\":\"x\",\"cid\":1" + "0".repeat(1_200) + "}", null);
            case 9 -> new Message("{\"event\":\"ping\",\"data\":\"" + "x".repeat(MAX_MESSAGE_BYTES) + "\"}", null);
            case 10 -> {
                StringBuilder text = new StringBuilder();
                for (int i = Fuzz.size(random, 100); i > 0; i--) {
                    text.append((char) random.nextInt(0x10000));
                }
                yield new Message(text.toString(), null);
            }
            case 11 -> new Message("[" + "{\"event\":\"ping\",\"cid\":9},".repeat(random.nextInt(40)) + "{\"event\":\"x\"}]", null);
            case 12, 13 -> new Message(null, chunk(random));
            default -> new Message(null, Fuzz.bytes(random, Fuzz.size(random, 64)));
        };
    }

    /** Stands for the id of the socket's upload in a chunk message ({@link #aimedAt}). */
    private static final String OWN = "$ID";

    /** {@code message} with {@link #OWN} replaced by {@code transferId} (when there is one), nothing else changed. */
    private static ByteBuffer aimedAt(byte[] message, String transferId) {
        boolean own = message.length > 2 + OWN.length() && message[1] == OWN.length()
                && new String(message, 2, OWN.length(), java.nio.charset.StandardCharsets.US_ASCII).equals(OWN);
        if (!own || transferId == null) {
            return ByteBuffer.wrap(message);
        }
        byte[] id = transferId.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        ByteBuffer aimed = ByteBuffer.allocate(message.length - OWN.length() + id.length);
        aimed.put(message[0]).put((byte) id.length).put(id).put(message, 2 + OWN.length(), message.length - 2 - OWN.length());
        return aimed.flip();
    }

    /** A chunk message for the socket's upload (its id substituted when sent) or another id, often malformed. */
    private static byte[] chunk(SplittableRandom random) {
        String id = Fuzz.oneOf(random, OWN, OWN, "nodea.unknown", "nodeb.elsewhere", "x");
        int length = Fuzz.oneOf(random, 1, 100, 1024, 1025);
        ByteBuffer message = ByteBuffer.allocate(ChunkFrame.messageSize(id.length(), length));
        ChunkFrame.writeHeader(message, id, Fuzz.oneOf(random, 0L, 1024L, 3000L, 1L << 40), length);
        message.put(Fuzz.bytes(random, length));
        byte[] bytes = message.array();
        if (random.nextBoolean()) {
            bytes[random.nextInt(bytes.length)] ^= (byte) (1 + random.nextInt(255));
        }
        return bytes;
    }

}

package io.socketgrid.files;

import io.socketgrid.api.FileTransferException;
import io.socketgrid.api.StoredFile;
import io.socketgrid.broker.LocalNodeRoutes;
import io.socketgrid.engine.Connection;
import io.socketgrid.protocol.files.ChunkFrame;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.ref.WeakReference;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * File transfers end to end inside the JVM: uploads, pushes, peer transfers across two nodes joined by an
 * in-memory node route, resume, and every kind of bad input (docs/PROTOCOL.md, "File transfer").
 */
class FileTransferServiceTest {

    private static final int CHUNK = 1000;
    private static final Map<String, String> SETTINGS = Map.of("fileChunkBytes", "1000", "fileWindowBytes", "4000",
            "maxFileBytes", "100000", "fileQuotaPerSocket", "150000");

    @TempDir
    Path folderA;
    @TempDir
    Path folderB;

    private final LocalNodeRoutes switchboard = new LocalNodeRoutes();
    private final List<FileTestNode> nodes = new ArrayList<>();

    private FileTestNode node(String id, Path folder, Map<String, String> settings) throws Exception {
        FileTestNode node = new FileTestNode(id, switchboard, folder, settings);
        nodes.add(node);
        return node;
    }

    private FileTestNode node(String id, Path folder) throws Exception {
        return node(id, folder, SETTINGS);
    }

    @AfterEach
    void stop() {
        nodes.forEach(FileTestNode::close);
    }

    private static byte[] file(int size) {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        return bytes;
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private static String offer(String name, byte[] file, String extra) throws Exception {
        return "{\"event\":\"#file.offer\",\"data\":{\"name\":\"" + name + "\",\"size\":" + file.length
                + ",\"type\":\"application/octet-stream\",\"sha256\":\"" + sha256(file) + "\"" + extra + "},\"cid\":7}";
    }

    private static ByteBuffer chunk(String id, byte[] file, int offset, int length) {
        return new ChunkFrame(id, offset, ByteBuffer.wrap(file, offset, length).slice()).encode();
    }

    /** Sends every chunk from {@code offset} within the credit, following the acks; returns the verdict. */
    private static JsonObject sendAll(FileTestNode.Client sender, String id, byte[] file, long offset, long window) throws Exception {
        long acked = offset;
        long sent = offset;
        while (true) {
            while (sent < file.length && sent < acked + window) {
                int length = (int) Math.min(CHUNK, file.length - sent);
                sender.sendBinary(chunk(id, file, (int) sent, length));
                sent += length;
            }
            JsonObject next = sender.nextText();
            if (!"#file.ack".equals(next.getString("event", ""))) {
                return next;
            }
            acked = next.getJsonObject("data").getJsonNumber("offset").longValue();
        }
    }

    private static String errorName(JsonObject frame) {
        JsonObject error = frame.containsKey("error") ? frame.getJsonObject("error") : frame.getJsonObject("data").getJsonObject("error");
        return error.getString("name");
    }

    @Test
    void aStoredUploadKeptForResumesDoesNotKeepItsClosedSocket() throws Exception {
        FileTestNode node = node("nodea", folderA);
        WeakReference<Connection> sender = uploadAndClose(node);
        // a stored upload stays answerable for fileResumeTimeout; it must not pin the socket that sent it (its
        // connection and buffers): once closed, the connection is unreachable and a full collection clears it
        for (int i = 0; i < 20 && sender.get() != null; i++) {
            System.gc();
        }
        assertNull(sender.get(), "the closed sender's connection is still reachable");
    }

    /** Uploads a small file from a new socket, checks the verdict, closes the socket; only a weak reference is left. */
    private WeakReference<Connection> uploadAndClose(FileTestNode node) throws Exception {
        FileTestNode.Client client = node.connect();
        assertEquals("#file.verified", uploadWhole(client, "kept.bin", file(2_500)).getString("event"));
        node.engine.close(client.connection(), 1000);
        return new WeakReference<>(client.connection());
    }

    @Test
    void anUploadIsVerifiedStoredAndListed() throws Exception {
        FileTestNode node = node("nodea", folderA);
        FileTestNode.Client client = node.connect();
        byte[] file = file(10_500);
        client.send(offer("report.bin", file, ""));
        JsonObject answer = client.nextText().getJsonObject("data");
        String id = answer.getString("id");
        assertTrue(id.startsWith("nodea."), id);
        assertEquals(0, answer.getInt("offset"));
        assertEquals(4000, answer.getInt("window"));
        assertEquals(CHUNK, answer.getInt("chunkSize"));
        JsonObject verdict = sendAll(client, id, file, 0, 4000);
        assertEquals("#file.verified", verdict.getString("event"));
        JsonObject data = verdict.getJsonObject("data");
        assertEquals(sha256(file), data.getString("sha256"));
        assertEquals("report.bin", data.getString("name"));
        assertEquals("socketgrid/files/report.bin", data.getString("url"));
        assertArrayEquals(file, Files.readAllBytes(folderA.resolve("report.bin")));
        List<StoredFile> stored = node.files.storedFiles();
        assertEquals(1, stored.size());
        assertEquals(client.id(), stored.get(0).uploader());
        assertEquals(stored.get(0), node.stored.poll(5, TimeUnit.SECONDS), "the application was told");
        assertEquals(1, node.files.stats().completed());
        assertEquals(10_500, node.files.stats().bytesReceived());
        assertEquals(0, node.files.stats().open());
        try (var partials = Files.list(folderA.resolve(".partial"))) {
            assertEquals(0, partials.count());
        }
    }

    @Test
    void namesAreSanitisedAndNeverOverwrite() throws Exception {
        FileTestNode node = node("nodea", folderA);
        FileTestNode.Client client = node.connect();
        byte[] file = file(10);
        for (String expected : new String[]{"passwd", "passwd (1)"}) {
            assertEquals(expected, uploadWhole(client, "../../etc/passwd", file).getJsonObject("data").getString("name"));
        }
        assertTrue(Files.exists(folderA.resolve("passwd (1)")));
        assertFalse(Files.exists(folderA.getParent().resolve("etc")));
    }

    @Test
    void aChecksumMismatchKeepsNothing() throws Exception {
        FileTestNode node = node("nodea", folderA);
        FileTestNode.Client client = node.connect();
        byte[] file = file(2500);
        client.send(offer("x.bin", file, ""));
        String id = client.nextText().getJsonObject("data").getString("id");
        byte[] tampered = file.clone();
        tampered[2000] ^= 1;
        JsonObject verdict = sendAll(client, id, tampered, 0, 4000);
        assertEquals("#file.failed", verdict.getString("event"));
        assertEquals("FileChecksumError", errorName(verdict));
        assertFalse(Files.exists(folderA.resolve("x.bin")));
        try (var partials = Files.list(folderA.resolve(".partial"))) {
            assertEquals(0, partials.count());
        }
        assertEquals(1, node.files.stats().failures().get("FileChecksumError"));
    }

    @Test
    void chunksOutOfOrderAndRepeatedStillMakeTheFile() throws Exception {
        FileTestNode node = node("nodea", folderA);
        FileTestNode.Client client = node.connect();
        byte[] file = file(3000);
        client.send(offer("o.bin", file, ""));
        String id = client.nextText().getJsonObject("data").getString("id");
        client.sendBinary(chunk(id, file, 2000, 1000));
        client.sendBinary(chunk(id, file, 1000, 1000));
        client.sendBinary(chunk(id, file, 1000, 1000));
        client.sendBinary(chunk(id, file, 0, 1000));
        assertEquals("#file.verified", client.nextBesidesAcks().getString("event"));
        assertArrayEquals(file, Files.readAllBytes(folderA.resolve("o.bin")));
        assertEquals(1, node.files.stats().duplicateChunks());
    }

    @Test
    void badChunksFailTheTransferAndLeaveTheSocketHealthy() throws Exception {
        FileTestNode node = node("nodea", folderA);
        FileTestNode.Client client = node.connect();
        FileTestNode.Client bystander = node.connect();
        byte[] file = file(5000);

        client.sendBinary(chunk("nodea.nosuch", file, 0, 10));
        JsonObject unknown = client.nextText();
        assertEquals("FileUnknownError", errorName(unknown));
        assertEquals("nodea.nosuch", unknown.getJsonObject("data").getString("id"));

        client.send(offer("a.bin", file, ""));
        String id = client.nextText().getJsonObject("data").getString("id");
        ByteBuffer lying = chunk(id, file, 0, 100);
        lying.limit(lying.limit() - 1);
        client.sendBinary(lying);
        assertEquals("FileChunkError", errorName(client.nextText()));

        client.send(offer("b.bin", file, ""));
        String second = client.nextText().getJsonObject("data").getString("id");
        client.sendBinary(chunk(second, file, 0, 1000));
        client.sendBinary(chunk(second, file, 500, 1000));
        assertEquals("FileChunkError", errorName(client.nextBesidesAcks()), "an overlap");

        client.send(offer("c.bin", file, ""));
        String third = client.nextText().getJsonObject("data").getString("id");
        client.sendBinary(chunk(third, file, 3000, 1000));
        client.sendBinary(chunk(third, file, 0, 1000));
        assertEquals("#file.ack", client.nextText().getString("event"));
        client.sendBinary(new ChunkFrame(third, 4500, ByteBuffer.wrap(new byte[1000])).encode());
        assertEquals("FileChunkError", errorName(client.nextText()), "past the size");

        client.sendBinary(ByteBuffer.wrap(new byte[]{9, 9, 9}));
        JsonObject garbage = client.nextText();
        assertEquals("FileChunkError", errorName(garbage));
        assertTrue(garbage.getJsonObject("data").isNull("id"));

        assertTrue(client.connection().isOpen());
        assertTrue(bystander.connection().isOpen());
        assertEquals(0, node.files.stats().open());
        try (var partials = Files.list(folderA.resolve(".partial"))) {
            assertEquals(0, partials.count(), "failed uploads leave no partial file");
        }
        client.send(offer("d.bin", file(5), ""));
        assertEquals(7, client.nextText().getInt("rid"), "the socket still transfers files");
    }

    @Test
    void offersOverTheLimitsOrMalformedAreRefused() throws Exception {
        FileTestNode node = node("nodea", folderA);
        FileTestNode.Client client = node.connect();
        client.send(offer("big", file(100_001), ""));
        assertEquals("FileTooLargeError", errorName(client.nextText()));
        client.send(offer("n".repeat(10_000), file(5), ""));
        assertEquals("InvalidArgumentsError", errorName(client.nextText()));
        client.send("{\"event\":\"#file.offer\",\"data\":{\"name\":\"a\\u0000b\",\"size\":1,\"sha256\":\"" + "0".repeat(64) + "\"},\"cid\":7}");
        assertEquals("InvalidArgumentsError", errorName(client.nextText()));
        client.send(offer("q1", file(80_000), ""));
        assertEquals(7, client.nextText().getInt("rid"));
        client.send(offer("q2", file(80_000), ""));
        assertEquals("FileQuotaError", errorName(client.nextText()), "80,000 open + 80,000 passes the 150,000 quota");
        client.send("{\"event\":\"#file.ack\",\"data\":{\"id\":\"nodea.nosuch\",\"offset\":5}}");
        assertEquals("FileUnknownError", errorName(client.nextText()));
        assertTrue(client.connection().isOpen());
    }

    @Test
    void anApplicationPushesAFileThatTheClientVerifies() throws Exception {
        FileTestNode node = node("nodea", folderA);
        FileTestNode.Client client = node.connect();
        byte[] file = file(9_999);
        Path source = Files.write(folderA.resolve("source.bin"), file);
        CompletableFuture<String> pushed = node.files.push(client.id(), source, "thesis.pdf", "application/pdf").toCompletableFuture();
        JsonObject offered = client.nextText();
        assertEquals("#file.offer", offered.getString("event"));
        JsonObject offer = offered.getJsonObject("data");
        assertEquals("thesis.pdf", offer.getString("name"));
        assertEquals(sha256(file), offer.getString("sha256"));
        assertTrue(offer.isNull("from"));
        String id = offer.getString("id");
        byte[] received = acceptAndReceiveAll(client, id, file.length);
        assertArrayEquals(file, received);
        client.send("{\"event\":\"#file.verified\",\"data\":{\"id\":\"" + id + "\",\"sha256\":\"" + sha256(received) + "\"}}");
        assertEquals(sha256(file), pushed.get(5, TimeUnit.SECONDS));
        assertEquals(9_999, node.files.stats().bytesSent());
    }

    @Test
    void aStoredFileIsPushedWithTheDigestTheStoreVerified() throws Exception {
        FileTestNode node = node("nodea", folderA);
        byte[] file = file(7_000);
        assertEquals("#file.verified", uploadWhole(node.connect(), "stored.bin", file).getString("event"));
        StoredFile stored = node.files.storedFiles().get(0);
        // the offer must carry the recorded digest, not one computed now: same length, other bytes on disk
        byte[] changed = file.clone();
        changed[0] ^= 1;
        Files.write(node.files.pathOf(stored), changed);
        FileTestNode.Client receiver = node.connect();
        CompletableFuture<String> pushed = node.files.push(receiver.id(), stored).toCompletableFuture();
        JsonObject offer = receiver.nextText().getJsonObject("data");
        assertEquals("stored.bin", offer.getString("name"));
        assertEquals(stored.type(), offer.getString("type"));
        assertEquals(sha256(file), offer.getString("sha256"));
        String id = offer.getString("id");
        byte[] received = acceptAndReceiveAll(receiver, id, file.length);
        assertArrayEquals(changed, received);
        receiver.send("{\"event\":\"#file.verified\",\"data\":{\"id\":\"" + id + "\",\"sha256\":\"" + sha256(received) + "\"}}");
        ExecutionException mismatch = assertThrows(ExecutionException.class, () -> pushed.get(5, TimeUnit.SECONDS));
        assertEquals("FileChecksumError", ((FileTransferException) mismatch.getCause()).name());

        StoredFile elsewhere = new StoredFile("other.bin", 3, "x/y", sha256(new byte[3]), stored.storedAt(), receiver.id(), "socketgrid/files/other.bin");
        ExecutionException unknown = assertThrows(ExecutionException.class,
                () -> node.files.push(receiver.id(), elsewhere).toCompletableFuture().get(5, TimeUnit.SECONDS));
        assertEquals("FileUnknownError", ((FileTransferException) unknown.getCause()).name());
    }

    /** Offers {@code file} as {@code name} from {@code client} and sends it all; returns the verdict. */
    private static JsonObject uploadWhole(FileTestNode.Client client, String name, byte[] file) throws Exception {
        client.send(offer(name, file, ""));
        String id = client.nextText().getJsonObject("data").getString("id");
        return sendAll(client, id, file, 0, 4000);
    }

    /** Accepts offered transfer {@code id} from offset 0 with a 3,000-byte window and receives all of it. */
    private static byte[] acceptAndReceiveAll(FileTestNode.Client receiver, String id, int size) throws Exception {
        receiver.send("{\"event\":\"#file.accept\",\"data\":{\"id\":\"" + id + "\",\"offset\":0,\"window\":3000},\"cid\":9}");
        assertEquals(9, receiver.nextText().getInt("rid"));
        return receiveAll(receiver, id, size, 3000);
    }

    /** Receives chunks in order, acknowledging every one; checks the sender never passes the credit. */
    private static byte[] receiveAll(FileTestNode.Client receiver, String id, int size, long window) throws Exception {
        ByteBuffer file = ByteBuffer.allocate(size);
        long acked = 0;
        while (file.hasRemaining()) {
            Object next = receiver.next();
            ByteBuffer message = assertInstanceOf(ByteBuffer.class, next, "expected a chunk, got " + next);
            ChunkFrame chunk = ChunkFrame.decode(message, Integer.MAX_VALUE);
            assertEquals(id, chunk.transferId());
            assertEquals(file.position(), chunk.offset());
            assertTrue(chunk.offset() + chunk.length() <= acked + window, "the sender passed the credit");
            file.put(chunk.payload());
            acked = file.position();
            receiver.send("{\"event\":\"#file.ack\",\"data\":{\"id\":\"" + id + "\",\"offset\":" + acked + "}}");
        }
        return file.array();
    }

    @Test
    void aPushToAnAbsentSocketOrARejectingClientFails() throws Exception {
        FileTestNode node = node("nodea", folderA);
        Path source = Files.write(folderA.resolve("s.bin"), file(10));
        ExecutionException absent = assertThrows(ExecutionException.class,
                () -> node.files.push("nodea.gone", source, "s", "text/plain").toCompletableFuture().get(5, TimeUnit.SECONDS));
        assertEquals("FileRejectedError", ((FileTransferException) absent.getCause()).name());
        FileTestNode.Client client = node.connect();
        CompletableFuture<String> pushed = node.files.push(client.id(), source, "s", "text/plain").toCompletableFuture();
        String id = client.nextText().getJsonObject("data").getString("id");
        client.send("{\"event\":\"#file.reject\",\"data\":{\"id\":\"" + id + "\",\"reason\":\"no thanks\"}}");
        ExecutionException rejected = assertThrows(ExecutionException.class, () -> pushed.get(5, TimeUnit.SECONDS));
        assertEquals("FileRejectedError", ((FileTransferException) rejected.getCause()).name());
    }

    @Test
    void aPeerTransferCrossesNodesWithTheReceiversCredit() throws Exception {
        FileTestNode a = node("nodea", folderA);
        FileTestNode b = node("nodeb", folderB);
        FileTestNode.Client sender = a.connect();
        FileTestNode.Client receiver = b.connect();
        byte[] file = file(12_345);
        sender.send(offer("photo.jpg", file, ",\"to\":\"" + receiver.id() + "\""));
        JsonObject offered = receiver.nextText();
        assertEquals("#file.offer", offered.getString("event"));
        assertEquals(sender.id(), offered.getJsonObject("data").getString("from"));
        String id = offered.getJsonObject("data").getString("id");
        assertTrue(id.startsWith("nodea."), "the sender's node owns it");
        receiver.send("{\"event\":\"#file.accept\",\"data\":{\"id\":\"" + id + "\",\"offset\":0,\"window\":2000},\"cid\":3}");
        assertEquals(3, receiver.nextText().getInt("rid"));
        JsonObject answer = sender.nextText();
        assertEquals(7, answer.getInt("rid"));
        assertEquals(2000, answer.getJsonObject("data").getInt("window"));

        CompletableFuture<byte[]> received = CompletableFuture.supplyAsync(() -> {
            try {
                byte[] bytes = receiveAll(receiver, id, file.length, 2000);
                receiver.send("{\"event\":\"#file.verified\",\"data\":{\"id\":\"" + id + "\",\"sha256\":\"" + sha256(bytes) + "\"}}");
                return bytes;
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
        JsonObject verdict = sendAll(sender, id, file, 0, 2000);
        assertArrayEquals(file, received.get(10, TimeUnit.SECONDS));
        assertEquals("#file.verified", verdict.getString("event"));
        assertEquals(sha256(file), verdict.getJsonObject("data").getString("sha256"));
        assertEquals(0, a.files.stats().open());
        try (var stored = Files.list(folderB)) {
            assertEquals(List.of(".meta", ".partial"), stored.map(p -> p.getFileName().toString()).sorted().toList(),
                    "a peer transfer stores nothing");
        }
    }

    @Test
    void aPeerLeavingCancelsTheTransferForTheOther() throws Exception {
        FileTestNode a = node("nodea", folderA);
        FileTestNode b = node("nodeb", folderB);
        FileTestNode.Client sender = a.connect();
        FileTestNode.Client receiver = b.connect();
        sender.send(offer("x", file(100), ",\"to\":\"" + receiver.id() + "\""));
        String id = receiver.nextText().getJsonObject("data").getString("id");
        receiver.send("{\"event\":\"#file.accept\",\"data\":{\"id\":\"" + id + "\",\"offset\":0,\"window\":2000},\"cid\":3}");
        receiver.nextText();
        sender.nextText();
        b.engine.close(receiver.connection(), 1000);
        JsonObject cancelled = sender.nextText();
        assertEquals("#file.failed", cancelled.getString("event"));
        assertEquals("FileCancelledError", errorName(cancelled));
    }

    @Test
    void anOfferToASocketThatIsNotConnectedIsRejected() throws Exception {
        FileTestNode a = node("nodea", folderA);
        node("nodeb", folderB);
        FileTestNode.Client sender = a.connect();
        sender.send(offer("x", file(100), ",\"to\":\"nodea.nobody\""));
        assertEquals("FileRejectedError", errorName(sender.nextText()));
        sender.send(offer("x", file(100), ",\"to\":\"nodeb.nobody\""));
        assertEquals("FileRejectedError", errorName(sender.nextText()), "the other node says the socket is gone");
    }

    @Test
    void anUploadResumesThroughAnotherNodeWhereItIsStored() throws Exception {
        FileTestNode a = node("nodea", folderA);
        FileTestNode b = node("nodeb", folderB);
        FileTestNode.Client first = a.connect();
        byte[] file = file(8_000);
        first.send(offer("big.bin", file, ""));
        String id = first.nextText().getJsonObject("data").getString("id");
        for (int offset = 0; offset < 4000; offset += CHUNK) {
            first.sendBinary(chunk(id, file, offset, CHUNK));
        }
        for (int acked = 1000; acked <= 4000; acked += 1000) {
            assertEquals(acked, first.nextText().getJsonObject("data").getInt("offset"), "acknowledged every quarter window");
        }
        a.engine.close(first.connection(), 1006);

        FileTestNode.Client second = b.connect();
        second.send(offer("big.bin", file, ",\"resume\":\"" + id + "\""));
        JsonObject answer = second.nextText();
        assertEquals(7, answer.getInt("rid"), answer.toString());
        assertEquals(4000, answer.getJsonObject("data").getInt("offset"));
        JsonObject verdict = sendAll(second, id, file, 4000, 4000);
        assertEquals("#file.verified", verdict.getString("event"));
        assertArrayEquals(file, Files.readAllBytes(folderA.resolve("big.bin")), "stored on the node that had the partial file");

        // the verdict may have been lost with a connection: resuming a finished upload hears it again
        second.send(offer("big.bin", file, ",\"resume\":\"" + id + "\""));
        assertEquals(file.length, second.nextText().getJsonObject("data").getInt("offset"), "nothing left to send");
        JsonObject again = second.nextText();
        assertEquals("#file.verified", again.getString("event"));
        assertEquals(sha256(file), again.getJsonObject("data").getString("sha256"));
        second.send(offer("big.bin", file(8_001), ",\"resume\":\"" + id + "\""));
        assertEquals("FileResumeError", errorName(second.nextText()), "another file cannot resume it");
    }

    @Test
    void aClientWithoutBinaryFramesUploadsAndDownloadsInBase64() throws Exception {
        FileTestNode node = node("nodea", folderA);
        FileTestNode.Client client = node.connect();
        byte[] file = file(2_500);
        client.send(offer("b64.bin", file, ""));
        String id = client.nextText().getJsonObject("data").getString("id");
        for (int offset = 0; offset < file.length; offset += CHUNK) {
            int length = Math.min(CHUNK, file.length - offset);
            String data = Base64.getEncoder().encodeToString(java.util.Arrays.copyOfRange(file, offset, offset + length));
            client.send("{\"event\":\"#file.chunk\",\"data\":{\"id\":\"" + id + "\",\"offset\":" + offset + ",\"data\":\"" + data + "\"}}");
        }
        assertEquals("#file.verified", client.nextBesidesAcks().getString("event"));
        assertArrayEquals(file, Files.readAllBytes(folderA.resolve("b64.bin")));

        CompletableFuture<String> pushed = node.files.push(client.id(), folderA.resolve("b64.bin"), "back.bin", "x/y").toCompletableFuture();
        String push = client.nextText().getJsonObject("data").getString("id");
        client.send("{\"event\":\"#file.accept\",\"data\":{\"id\":\"" + push + "\",\"offset\":0,\"window\":100000,\"base64\":true},\"cid\":4}");
        assertEquals(4, client.nextText().getInt("rid"));
        ByteBuffer received = ByteBuffer.allocate(file.length);
        while (received.hasRemaining()) {
            JsonObject chunk = client.nextText();
            assertEquals("#file.chunk", chunk.getString("event"));
            assertEquals(received.position(), chunk.getJsonObject("data").getInt("offset"));
            received.put(Base64.getDecoder().decode(chunk.getJsonObject("data").getString("data")));
        }
        assertArrayEquals(file, received.array());
        client.send("{\"event\":\"#file.verified\",\"data\":{\"id\":\"" + push + "\",\"sha256\":\"" + sha256(file) + "\"}}");
        assertEquals(sha256(file), pushed.get(5, TimeUnit.SECONDS));
    }

    @Test
    void aSenderThatStopsMidwayTimesOutAndNothingIsKept() throws Exception {
        FileTestNode node = node("nodea", folderA, Map.of("fileChunkBytes", "1000", "fileWindowBytes", "4000", "fileIdleTimeout", "1s"));
        FileTestNode.Client client = node.connect();
        byte[] file = file(5000);
        client.send(offer("stalled.bin", file, ""));
        String id = client.nextText().getJsonObject("data").getString("id");
        client.sendBinary(chunk(id, file, 0, CHUNK));
        JsonObject timedOut = client.nextBesidesAcks();
        assertEquals("FileTimeoutError", errorName(timedOut));
        assertEquals(id, timedOut.getJsonObject("data").getString("id"));
        try (var partials = Files.list(folderA.resolve(".partial"))) {
            assertEquals(0, partials.count());
        }
        assertFalse(Files.exists(folderA.resolve("stalled.bin")));
    }

    @Test
    void messagesAboutTransfersOfNodesOutsideTheClusterAreAnsweredAtOnce() throws Exception {
        FileTestNode node = node("nodea", folderA);
        FileTestNode.Client client = node.connect();
        client.sendBinary(chunk("gone.t1", file(10), 0, 10));
        assertEquals("FileUnknownError", errorName(client.nextText()));
        client.send("{\"event\":\"#file.ack\",\"data\":{\"id\":\"gone.t1\",\"offset\":5}}");
        assertEquals("FileUnknownError", errorName(client.nextText()));
        client.send(offer("x", file(10), ",\"resume\":\"gone.t1\""));
        assertEquals("FileResumeError", errorName(client.nextText()), "the storing node is gone");
    }

    @Test
    void bytesPutOverHttpAreTakenLikeChunkFramesOnAnyNode() throws Exception {
        FileTestNode a = node("nodea", folderA);
        FileTestNode b = node("nodeb", folderB);
        FileTestNode.Client client = a.connect();
        byte[] file = file(10_500);
        client.send(offer("http.bin", file, ""));
        JsonObject answer = client.nextText().getJsonObject("data");
        String id = answer.getString("id");
        assertEquals("socketgrid/files/chunks/" + id, answer.getString("httpChunks"));

        assertEquals(FileTransferService.HttpChunks.ACCEPTED, put(a, id, client.id(), file, 2000, 2000), "held: after a gap");
        assertEquals(FileTransferService.HttpChunks.ACCEPTED, put(a, id, client.id(), file, 0, 2000));
        assertEquals(4000, ackedUpTo(client, 4000), "a body longer than a chunk is cut into chunks");
        assertEquals(FileTransferService.HttpChunks.ACCEPTED, put(b, id, client.id(), file, 4000, 4000), "served by the other node");
        assertEquals(8000, ackedUpTo(client, 8000));
        assertEquals(FileTransferService.HttpChunks.ACCEPTED, put(b, id, client.id(), file, 8000, 2500));
        assertEquals("#file.verified", client.nextBesidesAcks().getString("event"));
        assertArrayEquals(file, Files.readAllBytes(folderA.resolve("http.bin")));

        assertEquals(FileTransferService.HttpChunks.UNKNOWN, put(a, id, client.id(), file, 0, 10), "finished");
        client.send(offer("next.bin", file, ""));
        String next = client.nextText().getJsonObject("data").getString("id");
        assertEquals(FileTransferService.HttpChunks.TOO_LARGE, put(a, next, client.id(), file, 0, 4001), "over the window");
        assertEquals(FileTransferService.HttpChunks.MALFORMED, put(a, next, "no socket id", file, 0, 10));
        assertEquals(FileTransferService.HttpChunks.MALFORMED, put(a, next, client.id(), file, -1, 10));
        assertEquals(FileTransferService.HttpChunks.SOCKET_GONE, put(a, next, "nodea.gone", file, 0, 10));
        assertEquals(FileTransferService.HttpChunks.UNKNOWN, put(a, "gone.t1", client.id(), file, 0, 10), "a node outside the cluster");
    }

    private static FileTransferService.HttpChunks put(FileTestNode node, String id, String socket, byte[] file, int offset,
                                                      int length) throws Exception {
        return node.files.acceptHttpChunks(id, socket, offset, length,
                new java.io.ByteArrayInputStream(file, offset, Math.max(0, Math.min(length, file.length - offset))));
    }

    /** Reads acks until one reaches {@code offset}; returns it. */
    private static long ackedUpTo(FileTestNode.Client client, long offset) throws Exception {
        long acked;
        do {
            JsonObject ack = client.nextText();
            assertEquals("#file.ack", ack.getString("event"), ack.toString());
            acked = ack.getJsonObject("data").getJsonNumber("offset").longValue();
        } while (acked < offset);
        return acked;
    }
}

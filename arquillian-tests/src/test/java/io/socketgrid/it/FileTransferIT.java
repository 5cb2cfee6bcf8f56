package io.socketgrid.it;

import io.socketgrid.protocol.files.ChunkFrame;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.InputStream;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * File transfer against the WAR in one Payara Micro: 100 MB up (stored, verified, downloadable over HTTP)
 * and down (pushed by the application), live heap flat while it flows, resume after a forced disconnect,
 * and every kind of bad input with its documented answer while a neighbour keeps working.
 */
@ExtendWith(ArquillianExtension.class)
class FileTransferIT {

    private static final long MB = 1 << 20;
    /** The live heap may grow this much during a transfer; holding the file would take 50 MB. */
    private static final long HEAP_BOUND = 40 * MB;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.socketGridWithTestProcedures();
    }

    @ArquillianResource
    URL base;

    private RecordingClient connect() throws Exception {
        return RecordingClient.handshaken(Deployments.socketClusterUri(base));
    }

    private static String unique(String name) {
        return Long.toHexString(ThreadLocalRandom.current().nextLong()) + "-" + name;
    }

    private long liveHeap(RecordingClient client) throws Exception {
        client.send("{\"event\":\"liveHeap\",\"cid\":90}");
        JsonObject answer = client.next();
        assertEquals(90, answer.getInt("rid"));
        return answer.getJsonNumber("data").longValue();
    }

    @Test
    void aHundredMegabytesGoUpAndDownIntactWithTheHeapFlat() throws Exception {
        GeneratedFile file = new GeneratedFile(100 * MB, 100);
        String name = unique("hundred.bin");
        try (RecordingClient uploader = connect(); RecordingClient observer = connect()) {
            long before = liveHeap(observer);
            JsonObject answer = FileSteps.offer(uploader, name, file, "").getJsonObject("data");
            String id = answer.getString("id");
            long window = answer.getJsonNumber("window").longValue();
            int chunkSize = answer.getInt("chunkSize");
            assertNull(FileSteps.send(uploader, id, file, 0, window, chunkSize, 50 * MB), "half way, nothing failed");
            long during = liveHeap(observer);
            JsonObject verdict = FileSteps.send(uploader, id, file, 50 * MB, window, chunkSize, file.size);
            assertEquals("#file.verified", verdict.getString("event"), verdict.toString());
            JsonObject stored = verdict.getJsonObject("data");
            assertEquals(file.sha256(), stored.getString("sha256"));
            assertEquals(name, stored.getString("name"));
            System.out.printf("live heap before %d MB, half way through 100 MB %d MB%n", before / MB, during / MB);
            assertTrue(during - before < HEAP_BOUND, "live heap grew " + (during - before) / MB + " MB during the upload");

            assertEquals(file.sha256(), httpSha256(stored.getString("url")), "the HTTP download is the same file");
            JsonArray listed = Deployments.getJsonArray(base, "socketgrid/files");
            assertTrue(listed.toString().contains(file.sha256()), "listed with its checksum");

            uploader.send("{\"event\":\"files.fetch\",\"data\":{\"name\":\"" + name + "\"},\"cid\":11}");
            // the answer and the pushed offer are independent messages: either may come first
            JsonObject first = uploader.next();
            JsonObject second = uploader.next();
            JsonObject answered = first.containsKey("rid") ? first : second;
            JsonObject offer = first.containsKey("rid") ? second : first;
            assertEquals(11, answered.getInt("rid"), answered.toString());
            assertEquals(100 * MB, answered.getJsonObject("data").getJsonNumber("size").longValue());
            assertEquals("#file.offer", offer.getString("event"), offer.toString());
            assertEquals(file.sha256(), offer.getJsonObject("data").getString("sha256"));
            assertEquals(file.sha256(), FileSteps.receive(uploader, offer.getJsonObject("data").getString("id"), file.size, 4 * MB));
            JsonObject stats = Deployments.getJson(base, "socketgrid/stats").getJsonObject("files");
            assertTrue(stats.getJsonNumber("bytesReceived").longValue() >= 100 * MB);
            assertTrue(stats.getJsonNumber("bytesSent").longValue() >= 100 * MB);
        }
    }

    private String httpSha256(String url) throws Exception {
        HttpResponse<InputStream> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(Deployments.httpUri(base, url)).build(), HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, response.statusCode());
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        try (InputStream in = response.body()) {
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    @Test
    void anUploadResumesAfterAForcedDisconnect() throws Exception {
        GeneratedFile file = new GeneratedFile(10 * MB, 7);
        String name = unique("resumed.bin");
        String id;
        try (RecordingClient first = connect()) {
            JsonObject answer = FileSteps.offer(first, name, file, "").getJsonObject("data");
            id = answer.getString("id");
            assertNull(FileSteps.send(first, id, file, 0, answer.getJsonNumber("window").longValue(), answer.getInt("chunkSize"), 4 * MB));
        } // aborted: the server sees the connection drop
        try (RecordingClient second = connect()) {
            JsonObject answer = FileSteps.offer(second, name, file, ",\"resume\":\"" + id + "\"").getJsonObject("data");
            assertEquals(id, answer.getString("id"));
            long offset = answer.getJsonNumber("offset").longValue();
            assertTrue(offset >= 4 * MB && offset < file.size, "resumes at the confirmed " + offset);
            JsonObject verdict = FileSteps.send(second, id, file, offset, answer.getJsonNumber("window").longValue(),
                    answer.getInt("chunkSize"), file.size);
            assertEquals("#file.verified", verdict.getString("event"), verdict.toString());
            assertEquals(file.sha256(), verdict.getJsonObject("data").getString("sha256"));
        }
    }

    @Test
    void bytesPutOverHttpMakeTheSameVerifiedUpload() throws Exception {
        GeneratedFile file = new GeneratedFile(20 * MB + 12_345, 21);
        HttpClient http = HttpClient.newHttpClient();
        try (RecordingClient client = connect()) {
            JsonObject answer = FileSteps.offer(client, unique("over-http.bin"), file, "").getJsonObject("data");
            String id = answer.getString("id");
            String chunks = answer.getString("httpChunks");
            long window = answer.getJsonNumber("window").longValue();
            assertEquals(404, putStatus(http, chunks.replace(id, "nosuch." + id.substring(id.indexOf('.') + 1)), client.id(), 0, new byte[10]));
            // (413 for a body over the window is answered before the body is read, so a client may see the
            // connection close while it still sends: FileTransferServiceTest covers that refusal)
            assertEquals(400, putStatus(http, chunks, "not-a-socket", 0, new byte[10]));
            long acked = 0;
            for (long sent = 0; sent < file.size; ) {
                int length = (int) Math.min(MB, file.size - sent);
                if (sent + length > acked + window) {
                    JsonObject ack = client.next();
                    assertTrue(FileSteps.isAck(ack), ack.toString());
                    acked = FileSteps.offsetOf(ack);
                    continue;
                }
                assertEquals(204, putStatus(http, chunks, client.id(), sent, file.read(sent, length)));
                sent += length;
            }
            JsonObject verdict;
            do {
                verdict = client.next();
            } while (FileSteps.isAck(verdict));
            assertEquals("#file.verified", verdict.getString("event"), verdict.toString());
            assertEquals(file.sha256(), verdict.getJsonObject("data").getString("sha256"));
        }
    }

    private int putStatus(HttpClient http, String chunks, String socket, long offset, byte[] body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(Deployments.httpUri(base, chunks + "?socket=" + socket + "&offset=" + offset))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(body)).header("Content-Type", "application/octet-stream").build();
        return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @Test
    void badInputIsAnsweredCountedAndHarmless() throws Exception {
        GeneratedFile small = new GeneratedFile(300_000, 3);
        try (RecordingClient client = connect(); RecordingClient neighbour = connect()) {
            // a chunk for a transfer that does not exist
            client.sendBinary(new ChunkFrame("zz.unknown", 0, ByteBuffer.wrap(new byte[10])).encode());
            assertEquals("FileUnknownError", FileSteps.errorName(client.next()));
            // a header that lies about its length
            String id = FileSteps.offer(client, unique("liar.bin"), small, "").getJsonObject("data").getString("id");
            ByteBuffer lying = new ChunkFrame(id, 0, ByteBuffer.wrap(small.read(0, 1000))).encode();
            lying.limit(lying.limit() - 10);
            client.sendBinary(lying);
            assertEquals("FileChunkError", FileSteps.errorName(client.next()));
            // bytes that do not hash to the offered checksum
            GeneratedFile other = new GeneratedFile(small.size, 4);
            id = FileSteps.offer(client, unique("tampered.bin"), small, "").getJsonObject("data").getString("id");
            JsonObject verdict = FileSteps.send(client, id, other, 0, 4 * MB, 256 * 1024, other.size);
            assertEquals("FileChecksumError", FileSteps.errorName(verdict));
            // over the size limit and over the quota, by the offer alone
            client.send(FileSteps.offerFrame("huge.bin", 3L << 30, small.sha256(), ""));
            assertEquals("FileTooLargeError", FileSteps.errorName(client.next()));
            client.send(FileSteps.offerFrame("q1.bin", 2L << 30, small.sha256(), ""));
            String q1 = client.next().getJsonObject("data").getString("id");
            client.send(FileSteps.offerFrame("q2.bin", 2L << 30, small.sha256(), ""));
            String q2 = client.next().getJsonObject("data").getString("id");
            client.send(FileSteps.offerFrame("q3.bin", 1, small.sha256(), ""));
            assertEquals("FileQuotaError", FileSteps.errorName(client.next()));
            client.send("{\"event\":\"#file.cancel\",\"data\":{\"id\":\"" + q1 + "\",\"reason\":\"test\"}}");
            client.send("{\"event\":\"#file.cancel\",\"data\":{\"id\":\"" + q2 + "\",\"reason\":\"test\"}}");
            // hostile names: sanitised, or refused when they cannot be
            for (String[] hostile : new String[][]{{"../../etc/passwd", "passwd"}, {"/etc/shadow", "shadow"}, {".hidden", "hidden"}}) {
                GeneratedFile tiny = new GeneratedFile(10, hostile[0].length());
                id = FileSteps.offer(client, hostile[0], tiny, "").getJsonObject("data").getString("id");
                String stored = FileSteps.send(client, id, tiny, 0, 4 * MB, 1000, tiny.size).getJsonObject("data").getString("name");
                assertTrue(stored.matches(java.util.regex.Pattern.quote(hostile[1]) + "( \\(\\d+\\))?"), hostile[0] + " stored as " + stored);
            }
            client.send(FileSteps.offerFrame("a\\u0000b", 1, small.sha256(), ""));
            assertEquals("InvalidArgumentsError", FileSteps.errorName(client.next()));
            client.send(FileSteps.offerFrame("n".repeat(10_000), 1, small.sha256(), ""));
            assertEquals("InvalidArgumentsError", FileSteps.errorName(client.next()));
            // a sender that stops mid-way (fileIdleTimeout is 3 s in these tests)
            id = FileSteps.offer(client, unique("stalled.bin"), small, "").getJsonObject("data").getString("id");
            client.sendBinary(new ChunkFrame(id, 0, ByteBuffer.wrap(small.read(0, 1000))).encode());
            JsonObject timedOut = client.next();
            assertEquals("FileTimeoutError", FileSteps.errorName(timedOut));
            assertEquals(id, timedOut.getJsonObject("data").getString("id"));

            neighbour.send("{\"event\":\"ping\",\"cid\":5}");
            assertEquals(5, neighbour.next().getInt("rid"), "the neighbour was never disturbed");
            client.send("{\"event\":\"ping\",\"cid\":6}");
            assertEquals(6, client.next().getInt("rid"), "the sender of all that is still served");
            JsonObject failures = Deployments.getJson(base, "socketgrid/stats").getJsonObject("files").getJsonObject("failures");
            for (String counted : new String[]{"FileUnknownError", "FileChunkError", "FileChecksumError", "FileTooLargeError",
                    "FileQuotaError", "InvalidArgumentsError", "FileTimeoutError"}) {
                assertTrue(failures.getJsonNumber(counted).longValue() >= 1, counted + " counted: " + failures);
            }
        }
    }
}

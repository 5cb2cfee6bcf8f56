package io.socketgrid.it;

import io.socketgrid.protocol.files.ChunkFrame;
import jakarta.json.JsonObject;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A file transfer client's steps over a {@link RecordingClient}, as docs/PROTOCOL.md describes them. */
final class FileSteps {

    private FileSteps() {
    }

    static String offerFrame(String name, long size, String sha256, String extra) {
        return "{\"event\":\"#file.offer\",\"data\":{\"name\":\"" + name + "\",\"size\":" + size
                + ",\"type\":\"application/octet-stream\",\"sha256\":\"" + sha256 + "\"" + extra + "},\"cid\":7}";
    }

    /** Offers {@code file}; returns the whole answer frame (data or error). */
    static JsonObject offer(RecordingClient client, String name, GeneratedFile file, String extra) throws Exception {
        client.send(offerFrame(name, file.size, file.sha256(), extra));
        JsonObject answer = client.next();
        assertEquals(7, answer.getInt("rid"), answer.toString());
        return answer;
    }

    /**
     * Sends {@code file} from {@code offset} within the credit, reading acks as they come, until everything is
     * sent and a verdict arrives (returned), or until {@code stopAt} bytes are sent and acknowledged (null).
     */
    static JsonObject send(RecordingClient client, String id, GeneratedFile file, long offset, long window,
                           int chunkSize, long stopAt) throws Exception {
        long acked = offset;
        long sent = offset;
        long end = Math.min(stopAt, file.size);
        while (true) {
            while (sent < end && sent < acked + window) {
                int length = (int) Math.min(chunkSize, end - sent);
                client.sendBinary(new ChunkFrame(id, sent, ByteBuffer.wrap(file.read(sent, length))).encode());
                sent += length;
                JsonObject early = client.poll();
                if (early != null) {
                    if (!isAck(early)) {
                        return early;
                    }
                    acked = Math.max(acked, offsetOf(early));
                }
            }
            if (stopAt < file.size && acked >= stopAt) {
                return null;
            }
            JsonObject next = client.next();
            if (!isAck(next)) {
                return next;
            }
            acked = Math.max(acked, offsetOf(next));
        }
    }

    /** Accepts transfer {@code id} and receives it in order, acknowledging each chunk; returns the SHA-256 (hex). */
    static String receive(RecordingClient client, String id, long size, long window) throws Exception {
        client.send("{\"event\":\"#file.accept\",\"data\":{\"id\":\"" + id + "\",\"offset\":0,\"window\":" + window + "},\"cid\":8}");
        assertEquals(8, client.next().getInt("rid"));
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        long received = 0;
        while (received < size) {
            ChunkFrame chunk = ChunkFrame.decode(client.nextBinary(), Integer.MAX_VALUE);
            assertEquals(id, chunk.transferId());
            assertEquals(received, chunk.offset(), "chunks arrive in order");
            assertTrue(chunk.offset() + chunk.length() <= received + window, "within the credit");
            digest.update(chunk.payload());
            received += chunk.length();
            client.send("{\"event\":\"#file.ack\",\"data\":{\"id\":\"" + id + "\",\"offset\":" + received + "}}");
        }
        String sha256 = HexFormat.of().formatHex(digest.digest());
        client.send("{\"event\":\"#file.verified\",\"data\":{\"id\":\"" + id + "\",\"sha256\":\"" + sha256 + "\"}}");
        return sha256;
    }

    static boolean isAck(JsonObject frame) {
        return "#file.ack".equals(frame.getString("event", ""));
    }

    static long offsetOf(JsonObject ack) {
        return ack.getJsonObject("data").getJsonNumber("offset").longValue();
    }

    /** The error name of an error answer or a {@code #file.failed} event. */
    static String errorName(JsonObject frame) {
        JsonObject error = frame.containsKey("error") ? frame.getJsonObject("error")
                : frame.getJsonObject("data").getJsonObject("error");
        return error.getString("name");
    }
}

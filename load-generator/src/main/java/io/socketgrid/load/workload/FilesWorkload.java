package io.socketgrid.load.workload;

import io.socketgrid.load.dialect.Answer;
import io.socketgrid.load.dialect.Session;
import io.socketgrid.load.report.Figures;
import jakarta.json.Json;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Random;
import java.util.concurrent.atomic.LongAdder;

/**
 * SocketGrid's file transfer (docs/PROTOCOL.md, "File transfer"), uploads: K connections, each uploading a file
 * of S bytes, the next as soon as the server verified the last (closed loop). One upload: invoke
 * {@code #file.offer} {@code {name,size,type,sha256}}; the answer gives {@code id, offset, window, chunkSize};
 * binary chunk messages ({@code 1 | L | id | offset(8) | N(4) | payload}) within the credit
 * {@code acked + window}; the server's {@code #file.ack} moves {@code acked}; {@code #file.verified} ends it
 * (its latency: offer sent to verdict read), {@code #file.failed} too (an error).
 *
 * <p>Every upload stores a file on the server ({@code fileDirectory}): K × S × uploads bytes. The content is one
 * random buffer (seeded) and its SHA-256, computed once. Needs a transport that sends binary messages (Netty).
 */
public final class FilesWorkload extends BaseWorkload {

    static final byte KIND_CHUNK = 1;
    private static final int FIXED_HEADER = 2 + 8 + 4;

    private final int chunkLimit;
    private final byte[] content;
    private final String sha256;
    private final LongAdder bytesVerified = new LongAdder();
    private final LongAdder checksumMismatches = new LongAdder();
    private final LongAdder chunksSent = new LongAdder();

    public FilesWorkload(int connections, int size, int chunkLimit, long seed) {
        super("files", connections, "upload: #file.offer sent to #file.verified read");
        if (size < 1 || chunkLimit < 1) {
            throw new IllegalArgumentException("size and chunk must be positive");
        }
        this.chunkLimit = chunkLimit;
        this.content = new byte[size];
        new Random(seed).nextBytes(content);
        this.sha256 = sha256(content);
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("no SHA-256 in this JVM", e);
        }
    }

    /** One connection's upload in progress; touched on its session's I/O thread only. */
    private static final class Upload {
        long number;
        String id;
        long next;     // the next byte to send
        long acked;    // every byte before it was received
        long window;
        int chunkSize;
        long startedNanos;
    }





    @Override
    public void ready(Session session) {
        session.attachment = new Upload();
        offer(session);
    }

    private void offer(Session session) {
        Upload upload = (Upload) session.attachment;
        if (!session.isReady() || !run.takeMessage()) {
            return;
        }
        upload.id = null;
        upload.number++;
        upload.startedNanos = run.scheduler().nanoTime();
        JsonObject data = Json.createObjectBuilder()
                .add("name", "load-" + session.index() + "-" + upload.number + ".bin")
                .add("size", content.length)
                .add("type", "application/octet-stream")
                .add("sha256", sha256)
                .build();
        if (!session.invoke("#file.offer", data, offered)) {
            run.untakeMessage();
        }
    }

    private final Answer offered = new Answer() {
        @Override
        public void answered(Session session, JsonValue data, long rttNanos) {
            Upload upload = (Upload) session.attachment;
            if (!(data instanceof JsonObject answer) || !(answer.get("id") instanceof JsonString id)) {
                run.error("UnexpectedOfferAnswer");
                offer(session);
                return;
            }
            upload.id = id.getString();
            upload.next = number(answer, "offset", 0);
            upload.acked = upload.next;
            upload.window = number(answer, "window", content.length);
            upload.chunkSize = (int) Math.min(chunkLimit, number(answer, "chunkSize", chunkLimit));
            pump(session, upload);
        }

        @Override
        public void failed(Session session, String name, String message) {
            run.error(name);
            offer(session);
        }
    };

    private static long number(JsonObject object, String name, long absent) {
        return object.get(name) instanceof JsonNumber n ? n.longValue() : absent;
    }

    /** Sends the chunks the credit allows. */
    private void pump(Session session, Upload upload) {
        long limit = Math.min(content.length, upload.acked + upload.window);
        while (upload.next < limit) {
            int length = (int) Math.min(upload.chunkSize, limit - upload.next);
            if (!session.sendBinary(chunk(upload.id, upload.next, content, length))) {
                return;
            }
            chunksSent.increment();
            upload.next += length;
        }
    }

    /** One chunk message: kind 1, id length, id, offset, length, payload (big-endian). */
    static ByteBuffer chunk(String id, long offset, byte[] file, int length) {
        byte[] idBytes = id.getBytes(StandardCharsets.US_ASCII);
        ByteBuffer message = ByteBuffer.allocate(FIXED_HEADER + idBytes.length + length);
        message.put(KIND_CHUNK).put((byte) idBytes.length).put(idBytes).putLong(offset).putInt(length)
                .put(file, (int) offset, length);
        return message.flip();
    }

    @Override
    public void event(Session session, String event, JsonValue data) {
        if (!(session.attachment instanceof Upload upload) || !(data instanceof JsonObject message)
                || !(message.get("id") instanceof JsonString id) || !id.getString().equals(upload.id)) {
            return;
        }
        switch (event) {
            case "#file.ack" -> {
                upload.acked = Math.max(upload.acked, number(message, "offset", upload.acked));
                pump(session, upload);
            }
            case "#file.verified" -> {
                upload.id = null;
                if (message.get("sha256") instanceof JsonString sum && sum.getString().equalsIgnoreCase(sha256)) {
                    bytesVerified.add(content.length);
                    run.completed(run.scheduler().nanoTime() - upload.startedNanos);
                } else {
                    checksumMismatches.increment();
                    run.error("ChecksumMismatch");
                }
                offer(session);
            }
            case "#file.failed" -> {
                upload.id = null;
                JsonValue error = message.get("error");
                run.error(error instanceof JsonObject e && e.get("name") instanceof JsonString name ? name.getString() : "FileFailed");
                offer(session);
            }
            default -> {
                // other file events (offers to this client) are not part of this workload
            }
        }
    }


    @Override
    public void report(Figures figures) {
        figures.put("files.connections", connections())
                .put("files.sizeBytes", content.length)
                .put("files.chunkBytesMax", chunkLimit)
                .put("files.sha256", sha256)
                .put("files.chunksSent", chunksSent.sum())
                .put("files.bytesVerified", bytesVerified.sum())
                .put("files.checksumMismatches", checksumMismatches.sum());
        if (figures.get("messages.perSec") instanceof Double perSec) {
            figures.put("files.mibPerSec", perSec * content.length / (1 << 20));
        }
    }
}

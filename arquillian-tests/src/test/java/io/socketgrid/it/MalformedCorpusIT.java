package io.socketgrid.it;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.InputStream;
import java.net.URI;
import java.net.URL;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Replays a corpus of malformed messages (src/test/resources/malformed-corpus.json: text, binary and oversized,
 * before and after the handshake, each with the answer docs/PROTOCOL.md documents: a close code, an error answer
 * with its name, a {@code #file.failed} with its error name, or nothing) against the deployed WAR, each case on a
 * fresh socket, while {@value #HEALTHY} healthy sockets keep invoking {@code ping}. Every case must get its
 * documented answer and every healthy socket must keep being answered. Prints the figures: cases, healthy
 * sockets unaffected, pings answered meanwhile, live heap before and after, invalid frames counted.
 * The container's limits (arquillian.xml): maxMessageBytes 65536, fileChunkBytes 262144 (default).
 */
@ExtendWith(ArquillianExtension.class)
class MalformedCorpusIT {

    private static final int HEALTHY = 20;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.socketGridWithTestProcedures();
    }

    @ArquillianResource
    URL base;

    private URI ws() {
        return Deployments.socketClusterUri(base);
    }

    /** One healthy socket invoking ping in a loop on its own thread, counting the answers. */
    private static final class Pinger implements Runnable {
        final RecordingClient client;
        final AtomicLong answered = new AtomicLong();
        final AtomicBoolean stop;
        final Queue<String> failures;

        Pinger(RecordingClient client, AtomicBoolean stop, Queue<String> failures) {
            this.client = client;
            this.stop = stop;
            this.failures = failures;
        }

        @Override
        public void run() {
            long cid = 100;
            try {
                while (!stop.get()) {
                    pingOnce(client, ++cid);
                    answered.incrementAndGet();
                }
            } catch (Throwable e) {
                failures.add(client.id() + ": " + e);
            }
        }
    }

    @Test
    void everyMalformedCaseGetsItsDocumentedAnswerAndHealthySocketsKeepGoing() throws Exception {
        JsonArray corpus;
        try (InputStream in = MalformedCorpusIT.class.getResourceAsStream("/malformed-corpus.json")) {
            assertNotNull(in, "malformed-corpus.json is not on the test classpath");
            corpus = Json.createReader(in).readArray();
        }
        long started = System.nanoTime();
        Map<String, Long> invalidBefore = invalidFrames();
        long heapBefore;
        try (RecordingClient probe = RecordingClient.handshaken(ws())) {
            heapBefore = liveHeap(probe);
        }

        AtomicBoolean stop = new AtomicBoolean();
        Queue<String> failures = new ConcurrentLinkedQueue<>();
        List<Pinger> pingers = new ArrayList<>();
        ExecutorService threads = Executors.newFixedThreadPool(HEALTHY);
        try {
            for (int i = 0; i < HEALTHY; i++) {
                Pinger pinger = new Pinger(RecordingClient.handshaken(ws()), stop, failures);
                pingers.add(pinger);
                threads.execute(pinger);
            }
            List<String> wrong = new ArrayList<>();
            List<String> known = new ArrayList<>();
            for (JsonValue entry : corpus) {
                JsonObject c = entry.asJsonObject();
                if (c.containsKey("knownDeviation")) {
                    // sent (the healthy sockets must not suffer from it either) but its answer is not asserted
                    known.add(c.getString("name") + ": " + c.getString("knownDeviation"));
                    sendOnly(c);
                    continue;
                }
                try {
                    replay(c);
                } catch (AssertionError | Exception e) {
                    wrong.add(c.getString("name") + ": " + e.getMessage());
                }
            }
            long answeredDuringCorpus = pingers.stream().mapToLong(p -> p.answered.get()).sum();
            stop.set(true);
            threads.shutdown();
            assertTrue(threads.awaitTermination(RecordingClient.WAIT_SECONDS * 2, TimeUnit.SECONDS),
                    "the pingers did not stop");
            int unaffected = 0;
            for (Pinger pinger : pingers) {
                if (pinger.answered.get() > 0 && !pinger.client.isClosed()) {
                    pingOnce(pinger.client, 1_000_000);
                    unaffected++;
                }
            }
            long heapAfter;
            try (RecordingClient probe = RecordingClient.handshaken(ws())) {
                heapAfter = liveHeap(probe);
            }
            Map<String, Long> invalidCounted = new TreeMap<>();
            invalidFrames().forEach((kind, n) -> invalidCounted.put(kind, n - invalidBefore.getOrDefault(kind, 0L)));

            System.out.printf("MalformedCorpusIT: %d cases tried, %d answered as documented, %d known deviations %s; "
                            + "%d of %d healthy sockets unaffected (%d pings answered during the corpus); live heap %.1f MB "
                            + "before, %.1f MB after; invalid frames counted %s; %.1f s%n",
                    corpus.size(), corpus.size() - wrong.size() - known.size(), known.size(), known, unaffected, HEALTHY,
                    answeredDuringCorpus,
                    heapBefore / 1e6, heapAfter / 1e6, invalidCounted, (System.nanoTime() - started) / 1e9);
            assertEquals(List.of(), wrong, "cases without their documented answer");
            assertEquals(List.of(), new ArrayList<>(failures), "healthy sockets that failed");
            assertEquals(HEALTHY, unaffected, "healthy sockets still answered");
            assertTrue(invalidCounted.get("TOO_DEEP") >= 2, "the deep nestings were not counted: " + invalidCounted);
        } finally {
            stop.set(true);
            threads.shutdownNow();
            for (Pinger pinger : pingers) {
                pinger.client.close();
            }
        }
    }

    /** Sends a case whose answer is a known deviation from the documentation; waits for nothing. */
    private void sendOnly(JsonObject c) throws Exception {
        try (RecordingClient client = RecordingClient.handshaken(ws())) {
            if (c.containsKey("binaryHex") || c.containsKey("binaryRepeat")) {
                client.sendBinary(ByteBuffer.wrap(binary(c)));
            } else {
                client.send(text(c));
            }
        } catch (ExecutionException sendCutShort) {
            // the server closed while the message was being written: that is what the documentation says
        }
    }

    /** Sends one case on a fresh socket and checks its documented answer. */
    private void replay(JsonObject c) throws Exception {
        try (RecordingClient client = RecordingClient.connect(ws())) {
            if (c.getBoolean("handshake", true)) {
                client.handshake();
            }
            boolean closes = c.containsKey("close");
            try {
                if (c.containsKey("binaryHex") || c.containsKey("binaryRepeat")) {
                    client.sendBinary(ByteBuffer.wrap(binary(c)));
                } else {
                    client.send(text(c));
                }
            } catch (ExecutionException sendCutShort) {
                if (!closes) {
                    throw sendCutShort;
                } // the server may close while a too-big message is still being written
            }
            if (closes) {
                int code = client.awaitClose();
                // "close" is one code, or the codes of which either may come first (two limits racing)
                if (c.get("close") instanceof JsonArray either) {
                    assertTrue(either.getValuesAs(JsonNumber::intValue).contains(code), "close code " + code + " not in " + either);
                } else {
                    assertEquals(c.getInt("close"), code, "close code");
                }
            } else if (c.containsKey("error")) {
                long rid = c.getInt("rid");
                JsonObject answer = next(client, f -> f.getJsonNumber("rid") != null && f.getJsonNumber("rid").longValue() == rid);
                assertEquals(c.getString("error"), answer.getJsonObject("error").getString("name"), answer.toString());
                pingOnce(client, 777);
            } else if (c.containsKey("fileFailed")) {
                JsonObject failed = next(client, f -> "#file.failed".equals(f.getString("event", "")));
                assertEquals(c.getString("fileFailed"), failed.getJsonObject("data").getJsonObject("error").getString("name"),
                        failed.toString());
                pingOnce(client, 777);
            } else {
                assertTrue(c.getBoolean("ignored"), "a case without an expected answer");
                if (client.id() == null) {
                    client.handshake(); // ignored before the handshake: the handshake still works
                }
                pingOnce(client, 777);
            }
        }
    }

    private static String text(JsonObject c) {
        if (c.containsKey("text")) {
            return c.getString("text");
        }
        JsonArray r = c.getJsonArray("textRepeat");
        return r.getString(0) + r.getString(1).repeat(r.getInt(2)) + r.getString(3);
    }

    private static byte[] binary(JsonObject c) {
        HexFormat hex = HexFormat.of();
        if (c.containsKey("binaryHex")) {
            return hex.parseHex(c.getString("binaryHex"));
        }
        JsonArray r = c.getJsonArray("binaryRepeat");
        byte[] prefix = hex.parseHex(r.getString(0));
        byte[] unit = hex.parseHex(r.getString(1));
        int times = r.getInt(2);
        ByteBuffer bytes = ByteBuffer.allocate(prefix.length + unit.length * times).put(prefix);
        for (int i = 0; i < times; i++) {
            bytes.put(unit);
        }
        return bytes.array();
    }

    /** The next message matching {@code wanted}, skipping others; each wait bounded by RecordingClient. */
    private static JsonObject next(RecordingClient client, Predicate<JsonObject> wanted) throws InterruptedException {
        for (int skipped = 0; ; skipped++) {
            JsonObject frame = client.next();
            if (wanted.test(frame)) {
                return frame;
            }
            assertTrue(skipped < 100, "100 messages without the expected one; last: " + frame);
        }
    }

    /** Invokes ping and waits for its answer: the socket is open and served. */
    private static void pingOnce(RecordingClient client, long cid) throws Exception {
        client.send("{\"event\":\"ping\",\"cid\":" + cid + "}");
        JsonObject answer = next(client, f -> f.getJsonNumber("rid") != null && f.getJsonNumber("rid").longValue() == cid);
        assertTrue(answer.containsKey("data"), "ping failed: " + answer);
        assertFalse(client.isClosed(), "the socket was closed");
    }

    private static long liveHeap(RecordingClient client) throws Exception {
        client.send("{\"event\":\"liveHeap\",\"cid\":9}");
        return next(client, f -> f.getInt("rid", -1) == 9).getJsonNumber("data").longValue();
    }

    private Map<String, Long> invalidFrames() throws Exception {
        Map<String, Long> counts = new TreeMap<>();
        Deployments.getJson(base, "socketgrid/stats").getJsonObject("engine").getJsonObject("invalidFrames")
                .forEach((kind, n) -> counts.put(kind, ((jakarta.json.JsonNumber) n).longValue()));
        return counts;
    }
}

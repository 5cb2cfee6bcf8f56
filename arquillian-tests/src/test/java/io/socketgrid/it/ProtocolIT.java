package io.socketgrid.it;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import io.socketgrid.monitoring.PrometheusCounters;
import io.socketgrid.monitoring.PrometheusGauges;
import io.socketgrid.monitoring.PrometheusMetric;
import io.socketgrid.testing.Eventually;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The SocketCluster protocol v2 as SocketGrid speaks it, against the real WAR in Payara Micro (and, from
 * wildfly-tests, in WildFly: {@link TestServer}), with a raw client. Timings are shortened in arquillian.xml:
 * heartbeat every 400 ms, pong and handshake timeouts 1.5 s, frames up to 64 KiB.
 */
@ExtendWith(ArquillianExtension.class)
class ProtocolIT {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.socketGridWithTestProcedures();
    }

    @ArquillianResource
    URL base;

    private URI ws() {
        return Deployments.socketClusterUri(base);
    }

    private JsonObject stats() throws Exception {
        return Deployments.getJson(base, "socketgrid/stats");
    }

    private long invalidFrames(String kind) throws Exception {
        return stats().getJsonObject("engine").getJsonObject("invalidFrames").getJsonNumber(kind).longValue();
    }

    @Test
    void handshakeAnswersWithIdPingTimeoutAndNotAuthenticated() throws Exception {
        try (RecordingClient client = RecordingClient.connect(ws())) {
            JsonObject status = client.handshake();
            assertFalse(status.getString("id").isEmpty());
            assertEquals(1500, status.getInt("pingTimeout"));
            assertFalse(status.getBoolean("isAuthenticated"));
        }
    }

    @Test
    void transmitPingIsAnsweredWithPongCarryingTheCount() throws Exception {
        try (RecordingClient client = RecordingClient.handshaken(ws())) {
            client.send("{\"event\":\"ping\",\"data\":{\"param\":\"pong\"}}");
            JsonObject first = client.next();
            assertEquals("pong", first.getString("event"));
            client.send("{\"event\":\"ping\",\"data\":{\"param\":\"pong\"}}");
            JsonObject second = client.next();
            assertEquals(first.getJsonNumber("data").longValue() + 1, second.getJsonNumber("data").longValue(),
                    "the count grows by one per ping (no other client pings meanwhile)");
        }
    }

    @Test
    void invokePingAnswersTheCount() throws Exception {
        try (RecordingClient client = RecordingClient.handshaken(ws())) {
            client.send("{\"event\":\"ping\",\"data\":{},\"cid\":2}");
            JsonObject answer = client.next();
            assertEquals(2, answer.getInt("rid"));
            assertTrue(answer.getJsonNumber("data").longValue() >= 1);
        }
    }

    @Test
    void invokePingFileAnswersTheFileInBase64() throws Exception {
        try (RecordingClient client = RecordingClient.handshaken(ws())) {
            client.send("{\"event\":\"ping.file\",\"data\":{\"size\":-1},\"cid\":3}");
            assertEquals("InvalidArgumentsError", client.next().getJsonObject("error").getString("name"),
                    "a size below 0 (or above 512 KiB) is refused");

            client.send("{\"event\":\"ping.file\",\"data\":{\"param\":\"pong\",\"size\":81},\"cid\":2}");
            JsonObject file = client.next().getJsonObject("data");
            assertEquals("foo.txt", file.getString("name"));
            assertEquals(81, file.getInt("size"));
            assertTrue(file.getJsonNumber("count").longValue() >= 1, "the ping is counted");
            byte[] bytes = Base64.getDecoder().decode(file.getString("data"));
            assertEquals(81, bytes.length);
            assertEquals("abcdefghijklmnopqrstuvwxyzabc", new String(bytes, 0, 29, StandardCharsets.US_ASCII));
        }
    }

    @Test
    void invokeOutcomes() throws Exception {
        try (RecordingClient client = RecordingClient.handshaken(ws())) {
            client.send("{\"event\":\"echo\",\"data\":{\"a\":[1,2]},\"cid\":2}");
            JsonObject echoed = client.next();
            assertEquals(2, echoed.getInt("rid"));
            assertEquals("{\"a\":[1,2]}", echoed.getJsonObject("data").toString());

            client.send("{\"event\":\"fail\",\"cid\":3}");
            JsonObject failed = client.next();
            assertEquals(3, failed.getInt("rid"));
            assertEquals("TestError", failed.getJsonObject("error").getString("name"));
            assertEquals("failed on purpose", failed.getJsonObject("error").getString("message"));

            client.send("{\"event\":\"nobodyHandlesThis\",\"cid\":4}");
            JsonObject unknown = client.next();
            assertEquals(4, unknown.getInt("rid"));
            assertEquals("NoProcedureError", unknown.getJsonObject("error").getString("name"));
        }
    }

    @Test
    void subscribePublishUnsubscribe() throws Exception {
        try (RecordingClient subscriber = RecordingClient.handshaken(ws());
             RecordingClient publisher = RecordingClient.handshaken(ws())) {
            subscriber.send("{\"event\":\"#subscribe\",\"data\":{\"channel\":\"it-news\"},\"cid\":2}");
            JsonObject subscribed = subscriber.next();
            assertEquals(2, subscribed.getInt("rid"));
            assertFalse(subscribed.containsKey("error"));

            publisher.send("{\"event\":\"#publish\",\"data\":{\"channel\":\"it-news\",\"data\":{\"n\":1}},\"cid\":2}");
            assertEquals(2, publisher.next().getInt("rid"));
            JsonObject delivery = subscriber.next();
            assertEquals("#publish", delivery.getString("event"));
            assertEquals("it-news", delivery.getJsonObject("data").getString("channel"));
            assertEquals(1, delivery.getJsonObject("data").getJsonObject("data").getInt("n"));

            subscriber.send("{\"event\":\"#unsubscribe\",\"data\":\"it-news\"}");
            // a marker on another channel proves the unsubscribe was processed before the next publish
            subscriber.send("{\"event\":\"#subscribe\",\"data\":{\"channel\":\"it-marker\"},\"cid\":3}");
            assertEquals(3, subscriber.next().getInt("rid"));
            publisher.send("{\"event\":\"#publish\",\"data\":{\"channel\":\"it-news\",\"data\":2}}");
            publisher.send("{\"event\":\"#publish\",\"data\":{\"channel\":\"it-marker\",\"data\":3}}");
            JsonObject next = subscriber.next();
            assertEquals("it-marker", next.getJsonObject("data").getString("channel"),
                    "nothing from it-news may arrive after unsubscribing");
        }
    }

    @Test
    void batchedFramesAreProcessedInOrder() throws Exception {
        try (RecordingClient client = RecordingClient.connect(ws())) {
            client.send("[{\"event\":\"#handshake\",\"data\":{},\"cid\":1},{\"event\":\"echo\",\"data\":\"a\",\"cid\":2},"
                    + "{\"event\":\"echo\",\"data\":\"b\",\"cid\":3}]");
            assertEquals(1, client.next().getInt("rid"));
            assertEquals("a", client.next().getString("data"));
            assertEquals("b", client.next().getString("data"));
        }
    }

    @Test
    void serverSendsHeartbeatsAndClosesASilentClientWith4001() throws Exception {
        try (RecordingClient silent = RecordingClient.connect(ws(), false)) {
            silent.handshake();
            silent.awaitHeartbeat();
            assertEquals(4001, silent.awaitClose());
        }
    }

    @Test
    void clientThatAnswersHeartbeatsStaysConnected() throws Exception {
        try (RecordingClient client = RecordingClient.handshaken(ws())) {
            for (int i = 0; i < 8; i++) { // 8 heartbeats of 400 ms outlast the 1.5 s pong timeout twice
                client.awaitHeartbeat();
            }
            assertFalse(client.isClosed());
            client.send("{\"event\":\"echo\",\"data\":\"still here\",\"cid\":2}");
            assertEquals("still here", client.next().getString("data"));
        }
    }

    @Test
    void handshakeWithoutCidCloses4008() throws Exception {
        try (RecordingClient client = RecordingClient.connect(ws())) {
            client.send("{\"event\":\"#handshake\",\"data\":{}}");
            assertEquals(4008, client.awaitClose());
        }
    }

    @Test
    void anythingBeforeTheHandshakeCloses4009() throws Exception {
        try (RecordingClient client = RecordingClient.connect(ws())) {
            client.send("{\"event\":\"ping\",\"data\":{}}");
            assertEquals(4009, client.awaitClose());
        }
    }

    @Test
    void noHandshakeInTimeCloses4005() throws Exception {
        try (RecordingClient client = RecordingClient.connect(ws())) {
            assertEquals(4005, client.awaitClose());
        }
    }

    @Test
    void malformedJsonCloses1003IsCountedAndSparesOtherSockets() throws Exception {
        long before = invalidFrames("MALFORMED_JSON");
        try (RecordingClient bystander = RecordingClient.handshaken(ws());
             RecordingClient bad = RecordingClient.handshaken(ws())) {
            bad.send("{\"event\":\"ping\",");
            assertEquals(1003, bad.awaitClose());
            bystander.send("{\"event\":\"echo\",\"data\":\"fine\",\"cid\":2}");
            assertEquals("fine", bystander.next().getString("data"));
        }
        assertEquals(before + 1, invalidFrames("MALFORMED_JSON"));
    }

    @Test
    void invalidFrameWithCidIsAnsweredWithAnError() throws Exception {
        long before = invalidFrames("BAD_EVENT_NAME");
        try (RecordingClient client = RecordingClient.handshaken(ws())) {
            client.send("{\"event\":7,\"data\":1,\"cid\":5}");
            JsonObject answer = client.next();
            assertEquals(5, answer.getInt("rid"));
            assertEquals("InvalidMessageError", answer.getJsonObject("error").getString("name"));
            client.send("{\"event\":\"echo\",\"data\":\"open\",\"cid\":6}");
            assertEquals("open", client.next().getString("data"));
        }
        assertEquals(before + 1, invalidFrames("BAD_EVENT_NAME"));
    }

    @Test
    void frameThatIsNeitherEventNorResponseWithoutCidCloses1003() throws Exception {
        try (RecordingClient client = RecordingClient.handshaken(ws())) {
            client.send("{\"hello\":\"world\"}");
            assertEquals(1003, client.awaitClose());
        }
    }

    @Test
    void unknownRidIsIgnored() throws Exception {
        long before = stats().getJsonObject("engine").getJsonNumber("unknownResponses").longValue();
        try (RecordingClient client = RecordingClient.handshaken(ws())) {
            client.send("{\"rid\":12345,\"data\":null}");
            client.send("{\"event\":\"echo\",\"data\":\"after\",\"cid\":2}");
            assertEquals("after", client.next().getString("data"));
        }
        assertEquals(before + 1, stats().getJsonObject("engine").getJsonNumber("unknownResponses").longValue());
    }

    @Test
    void oversizedFrameCloses1009AndSparesOtherSockets() throws Exception {
        try (RecordingClient bystander = RecordingClient.handshaken(ws());
             RecordingClient big = RecordingClient.handshaken(ws())) {
            big.send("{\"event\":\"echo\",\"data\":\"" + "x".repeat(100_000) + "\",\"cid\":2}");
            assertEquals(1009, big.awaitClose());
            bystander.send("{\"event\":\"echo\",\"data\":\"fine\",\"cid\":2}");
            assertEquals("fine", bystander.next().getString("data"));
        }
    }

    /** Invokes {@code echo} {@code times} times on a just-handshaken client, one at a time, asserting each answer. */
    private static void echo(RecordingClient client, int times) throws Exception {
        for (int cid = 2; cid < 2 + times; cid++) {
            client.send("{\"event\":\"echo\",\"data\":" + cid + ",\"cid\":" + cid + "}");
            assertEquals(cid, client.next().getInt("rid"));
        }
    }

    @Test
    void metricsShowTheMessagesOfTheLastSecondsAndCpuByThreadGroupAndArePushedOnTheServersChannel() throws Exception {
        try (RecordingClient client = RecordingClient.handshaken(ws());
             RecordingClient monitor = RecordingClient.handshaken(ws())) {
            monitor.send("{\"event\":\"#subscribe\",\"data\":{\"channel\":\"socketgrid.metrics\"},\"cid\":2}");
            assertFalse(monitor.next().containsKey("error"), "a client on this machine is an operator");
            echo(client, 50);
            // the messages and the latencies of the echoes, counted in samples (the window also holds earlier tests')
            JsonObject metrics = Eventually.await("samples count the 50 echoes and their latencies",
                    () -> Deployments.getJson(base, "socketgrid/metrics"),
                    document -> samples(document).mapToDouble(sample -> sample.getJsonNumber("messagesInPerSec").doubleValue())
                            .sum() >= 50
                            && samples(document).mapToLong(sample -> sample.getJsonObject("invokeMicros")
                            .getJsonNumber("count").longValue()).sum() >= 50);
            JsonObject node = metrics.getJsonArray("nodes").getJsonObject(0);
            assertEquals(metrics.getString("node"), node.getString("node"), "a single node lists itself");
            assertEquals("up", node.getString("status"));
            JsonArray nodeSamples = node.getJsonArray("samples");
            JsonObject latest = nodeSamples.getJsonObject(nodeSamples.size() - 1);
            assertTrue(latest.getInt("connections") >= 2, latest::toString);
            assertTrue(latest.getJsonObject("threadCpuPercent").containsKey(
                    TestServer.isPayara() ? "GRIZZLY_WORKERS" : "UNDERTOW_WORKERS"), latest::toString);
            assertTrue(latest.getJsonNumber("heapUsedBytes").longValue() > 0, latest::toString);
            long since = latest.getJsonNumber("at").longValue();
            JsonObject newer = Deployments.getJson(base, "socketgrid/metrics?since=" + since);
            assertTrue(samples(newer).allMatch(sample -> sample.getJsonNumber("at").longValue() > since));

            JsonObject pushed = monitor.next(); // within the reader's wait: one update a second
            assertEquals("#publish", pushed.getString("event"));
            JsonObject update = pushed.getJsonObject("data").getJsonObject("data");
            assertEquals(metrics.getString("node"), update.getString("node"));
            assertTrue(update.getJsonObject("sample").containsKey("deliveriesPerSec"), update::toString);
        }
    }

    private static java.util.stream.Stream<JsonObject> samples(JsonObject metrics) {
        return metrics.getJsonArray("nodes").stream()
                .flatMap(node -> node.asJsonObject().getJsonArray("samples").stream())
                .map(JsonValue::asJsonObject);
    }

    @Test
    void prometheusHasSocketGridsMetricsInTheApplicationScopeAndMessagesInMoves() throws Exception {
        assumeTrue(TestServer.isPayara(), "MicroProfile Metrics: Payara's (WildFly's standalone.xml has none)");
        PrometheusText first = Eventually.await("the first sample reaches MicroProfile Metrics",
                () -> PrometheusText.scrape(base, "/metrics"),
                page -> page.value("socketgrid_messages_in_total").isPresent());
        double before = first.value("socketgrid_messages_in_total").orElseThrow();
        try (RecordingClient client = RecordingClient.handshaken(ws())) {
            echo(client, 20);
            // the engine's live total now counts this client's handshake and echoes; the counter follows within a sample
            long engineTotal = stats().getJsonObject("engine").getJsonNumber("messagesIn").longValue();
            // one scrape reads the gauges (alphabetically first) and the counters at different moments, so a
            // sample can land between them: wait for a scrape whose gauges are this client's too
            PrometheusText after = Eventually.await("socketgrid_messages_in_total reaches the engine's total",
                    () -> PrometheusText.scrape(base, "/metrics"),
                    page -> page.value("socketgrid_messages_in_total").orElse(0.0) >= engineTotal
                            && page.value("socketgrid_connections").orElse(0.0) >= 1);
            assertTrue(after.value("socketgrid_messages_in_total").orElseThrow() - before >= 21, after::text);

            for (PrometheusMetric<?> counter : PrometheusCounters.ALL) {
                assertEquals("counter", after.types().get(counter.prometheusName()), counter.prometheusName());
            }
            for (PrometheusMetric<?> gauge : PrometheusGauges.ALL) {
                assertEquals("gauge", after.types().get(gauge.prometheusName()), gauge.prometheusName());
            }
            List<PrometheusText.Sample> ours = after.samples().stream()
                    .filter(sample -> sample.name().startsWith("socketgrid_")).toList();
            assertTrue(ours.stream().allMatch(sample -> "application".equals(sample.labels().get("mp_scope"))),
                    () -> "every socketgrid_ series in the application scope: " + ours);
            assertTrue(after.value("socketgrid_connections").orElseThrow() >= 1, after::text);
            assertTrue(after.named("socketgrid_thread_cpu_percent").stream()
                    .anyMatch(sample -> "GRIZZLY_WORKERS".equals(sample.labels().get("pool"))), after::text);
            assertEquals(3, after.named("socketgrid_invoke_latency_seconds").size(), after::text);
        }
        PrometheusText application = PrometheusText.scrape(base, "/metrics?scope=application");
        assertTrue(application.value("socketgrid_messages_in_total").isPresent(), application::text);
    }

    @Test
    void tyrusSchedulerPatchIsAppliedInPayaraAndDetectedAbsentElsewhere() throws Exception {
        String outcome = stats().getString("tyrusSchedulerPatch");
        if (TestServer.isPayara()) {
            assertEquals("applied", outcome);
        } else {
            assertTrue(outcome.startsWith("not applied: "), outcome);
        }
    }

    @Test
    void textGoesOutAsPreparedFramesInPayaraAndThroughTheStandardApiElsewhere() throws Exception {
        long before = stats().getJsonObject("preparedTextFrames").getJsonNumber("framesWritten").longValue();
        // multi-byte characters, and long enough for the frame's 16-bit length form (more bytes than characters)
        String text = "é€😀 ".repeat(40);
        String publish = Json.createObjectBuilder().add("event", "#publish").add("cid", 2)
                .add("data", Json.createObjectBuilder().add("channel", "it-prepared").add("data", text)).build().toString();
        try (RecordingClient first = RecordingClient.handshaken(ws());
             RecordingClient second = RecordingClient.handshaken(ws());
             RecordingClient publisher = RecordingClient.handshaken(ws())) {
            for (RecordingClient subscriber : List.of(first, second)) {
                subscriber.send("{\"event\":\"#subscribe\",\"data\":{\"channel\":\"it-prepared\"},\"cid\":2}");
                assertEquals(2, subscriber.next().getInt("rid"));
            }
            publisher.send(publish);
            assertEquals(2, publisher.next().getInt("rid"));
            for (RecordingClient subscriber : List.of(first, second)) { // one frame, shared by both sockets
                JsonObject delivery = subscriber.next();
                assertEquals("#publish", delivery.getString("event"));
                assertEquals(text, delivery.getJsonObject("data").getString("data"));
            }
        }
        JsonObject prepared = stats().getJsonObject("preparedTextFrames");
        long written = prepared.getJsonNumber("framesWritten").longValue() - before;
        if (TestServer.isPayara()) {
            assertTrue(prepared.getBoolean("active"), prepared::toString);
            assertTrue(written >= 8, "3 handshakes, 2 subscriptions, the publish's answer, 2 deliveries: " + prepared);
            assertEquals("", prepared.getString("problem"));
        } else {
            assertFalse(prepared.getBoolean("active"), prepared::toString);
            assertEquals(0, written, prepared::toString);
        }
    }

    @Test
    void upgradeLeftoversAreReleasedAtTheFirstMessageAndWhatFollowsStillWorks() throws Exception {
        long before = stats().getJsonObject("upgradeRequestTrim").getJsonNumber("sockets").longValue();
        // sockets that release their upgrade's leftovers at #handshake, then close: the container recycles their requests
        for (int i = 0; i < 20; i++) {
            try (RecordingClient client = RecordingClient.handshaken(ws())) {
                client.send("{\"event\":\"ping\",\"data\":{},\"cid\":2}");
                assertEquals(2, client.next().getInt("rid"));
            }
        }
        JsonObject trim = stats().getJsonObject("upgradeRequestTrim");
        long released = trim.getJsonNumber("sockets").longValue() - before;
        if (TestServer.isPayara()) {
            assertTrue(released >= 20, trim::toString);
            assertEquals(List.of("PARAMETER_BUFFERS", "REQUEST_HEADERS", "RESPONSE_HEADERS", "TYRUS_HANDSHAKE"),
                    trim.getJsonArray("released").getValuesAs(JsonString.class).stream().map(JsonString::getString).toList());
            assertEquals("", trim.getString("problem"));
        } else {
            assertEquals(0, released, "another server's sockets have nothing of that shape: " + trim);
        }
        // a released socket keeps working, and the requests after the recycled ones still parse query and headers
        try (RecordingClient client = RecordingClient.handshaken(ws())) {
            client.send("{\"event\":\"#subscribe\",\"data\":{\"channel\":\"it-trim\"},\"cid\":2}");
            assertEquals(2, client.next().getInt("rid"));
            Eventually.await("the subscriber is listed", () -> Deployments.getJson(base, "socketgrid/cluster?channel=it-trim"),
                    view -> view.getJsonArray("presence").size() == 1);
            for (int i = 0; i < 30; i++) {
                assertEquals(List.of(client.id()), Deployments.getJson(base, "socketgrid/cluster?channel=it-trim")
                        .getJsonArray("presence").getValuesAs(JsonString.class).stream().map(JsonString::getString).toList());
                assertEquals(0, Deployments.getJson(base, "socketgrid/cluster?channel=it-trim-" + i).getJsonArray("presence").size());
            }
            client.send("{\"event\":\"ping\",\"data\":{},\"cid\":3}");
            assertEquals(3, client.next().getInt("rid"));
        }
    }

    @Test
    void clusterViewListsThisNodeItsPingsAndWhoIsSubscribed() throws Exception {
        try (RecordingClient client = RecordingClient.handshaken(ws())) {
            client.send("{\"event\":\"#subscribe\",\"data\":{\"channel\":\"it-presence\"},\"cid\":2}");
            assertEquals(2, client.next().getInt("rid"));
            client.send("{\"event\":\"ping\",\"data\":{},\"cid\":3}");
            long pings = client.next().getJsonNumber("data").longValue();
            String socketId = client.id();

            JsonObject cluster = Eventually.await("the cluster view shows the ping and the subscriber",
                    () -> Deployments.getJson(base, "socketgrid/cluster?channel=it-presence"),
                    view -> view.getJsonObject("totals").containsKey("pings")
                            && view.getJsonObject("totals").getJsonNumber("pings").longValue() >= pings
                            && view.getJsonArray("presence").size() == 1);
            assertEquals(1, cluster.getJsonArray("nodes").size());
            assertEquals(cluster.getString("self"), cluster.getJsonArray("nodes").getJsonObject(0).getString("nodeId"));
            assertEquals(socketId, cluster.getJsonArray("presence").getString(0));
            assertTrue(socketId.startsWith(cluster.getString("self") + "."));
            assertEquals(1, cluster.getJsonObject("channels").getInt("it-presence"));
        }
    }

    @Test
    void channelsGoThroughPayarasHazelcastElseInMemoryWithoutAMemberConfig() throws Exception {
        assertEquals(TestServer.isPayara() ? "hazelcast (1 members)" : "memory", stats().getString("broker"));
    }
}

package io.socketgrid.it;

import io.socketgrid.testing.Eventually;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.OperateOnDeployment;
import org.jboss.arquillian.container.test.api.TargetsContainer;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URL;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two Payara Micro instances clustered through their embedded Hazelcast (loopback only): channels, presence,
 * targeted sends and recovery across instances, with raw clients and with the official client; files sent
 * to a socket on the other instance, and an upload resumed through the instance that does not store it.
 */
@ExtendWith(ArquillianExtension.class)
class ClusterIT {

    @Deployment(name = "a", testable = false)
    @TargetsContainer("node-a")
    static WebArchive nodeA() {
        return Deployments.socketGridWithTestProcedures();
    }

    @Deployment(name = "b", testable = false)
    @TargetsContainer("node-b")
    static WebArchive nodeB() {
        return Deployments.socketGridWithTestProcedures();
    }

    @ArquillianResource
    @OperateOnDeployment("a")
    URL a;

    @ArquillianResource
    @OperateOnDeployment("b")
    URL b;

    private static String subscribe(String channel) {
        return "{\"event\":\"#subscribe\",\"data\":{\"channel\":\"" + channel + "\"},\"cid\":2}";
    }

    private static String publish(String channel, int n) {
        return "{\"event\":\"#publish\",\"data\":{\"channel\":\"" + channel + "\",\"data\":" + n + "}}";
    }

    private static JsonObject cluster(URL node, String query) throws Exception {
        return Deployments.getJson(node, "socketgrid/cluster" + query);
    }

    @Test
    void bothInstancesSeeTheTwoNodeCluster() throws Exception {
        JsonObject view = Eventually.await("two nodes listed", () -> cluster(b, ""),
                v -> v.getJsonArray("nodes").size() == 2);
        assertNotEquals(view.getJsonArray("nodes").getJsonObject(0).getString("nodeId"),
                view.getJsonArray("nodes").getJsonObject(1).getString("nodeId"));
    }

    @Test
    void eitherInstanceServesBothInstancesMetrics() throws Exception {
        for (URL node : List.of(a, b)) {
            JsonObject metrics = Eventually.await("both nodes' samples on " + node,
                    () -> Deployments.getJson(node, "socketgrid/metrics"),
                    document -> document.getJsonArray("nodes").stream()
                            .filter(n -> n.asJsonObject().getString("status").equals("up")
                                    && !n.asJsonObject().getJsonArray("samples").isEmpty())
                            .count() == 2);
            assertNotEquals(metrics.getJsonArray("nodes").getJsonObject(0).getString("node"),
                    metrics.getJsonArray("nodes").getJsonObject(1).getString("node"));
        }
    }

    @Test
    void aPublishOnBReachesSubscribersOnBothInstancesOnceInOrder() throws Exception {
        try (RecordingClient onA = RecordingClient.handshaken(Deployments.socketClusterUri(a));
             RecordingClient onB = RecordingClient.handshaken(Deployments.socketClusterUri(b));
             RecordingClient publisher = RecordingClient.handshaken(Deployments.socketClusterUri(b))) {
            onA.send(subscribe("cross"));
            onB.send(subscribe("cross"));
            assertEquals(2, onA.next().getInt("rid"));
            assertEquals(2, onB.next().getInt("rid"));
            for (int i = 0; i < 50; i++) {
                publisher.send(publish("cross", i));
            }
            for (RecordingClient subscriber : new RecordingClient[] {onA, onB}) {
                long previousOffset = -1;
                for (int i = 0; i < 50; i++) {
                    JsonObject data = subscriber.next().getJsonObject("data");
                    assertEquals(i, data.getInt("data"));
                    assertTrue(data.getJsonNumber("offset").longValue() > previousOffset);
                    previousOffset = data.getJsonNumber("offset").longValue();
                }
            }
            // a marker proves nothing else (no duplicate) was queued before it
            publisher.send(publish("cross", 999));
            assertEquals(999, onA.next().getJsonObject("data").getInt("data"));
        }
    }

    @Test
    void presenceIsClusterWide() throws Exception {
        try (RecordingClient onA = RecordingClient.handshaken(Deployments.socketClusterUri(a));
             RecordingClient onB = RecordingClient.handshaken(Deployments.socketClusterUri(b))) {
            onA.send(subscribe("lobby"));
            onB.send(subscribe("lobby"));
            onA.next();
            onB.next();
            JsonObject view = Eventually.await("both sockets present", () -> cluster(a, "?channel=lobby"),
                    v -> v.getJsonArray("presence").size() == 2);
            assertEquals(2, view.getJsonObject("channels").getInt("lobby"));
            assertTrue(view.getJsonArray("presence").toString().contains(onA.id()));
            assertTrue(view.getJsonArray("presence").toString().contains(onB.id()));
        }
        Eventually.await("presence emptied after the sockets closed", () -> cluster(b, "?channel=lobby"),
                v -> v.getJsonArray("presence").isEmpty());
    }

    @Test
    void aTargetedSendReachesASocketOnTheOtherInstance() throws Exception {
        try (RecordingClient caller = RecordingClient.handshaken(Deployments.socketClusterUri(a));
             RecordingClient target = RecordingClient.handshaken(Deployments.socketClusterUri(b))) {
            caller.send("{\"event\":\"sendTo\",\"data\":{\"socket\":\"" + target.id()
                    + "\",\"event\":\"hello\",\"data\":{\"from\":\"a\"}},\"cid\":5}");
            JsonObject answer = caller.next();
            assertEquals(5, answer.getInt("rid"));
            assertTrue(answer.getBoolean("data"));
            JsonObject received = target.next();
            assertEquals("hello", received.getString("event"));
            assertEquals("a", received.getJsonObject("data").getString("from"));
        }
    }

    @Test
    void aClientThatMovesToTheOtherInstanceRecoversWhatItMissed() throws Exception {
        JsonObject last;
        try (RecordingClient first = RecordingClient.handshaken(Deployments.socketClusterUri(a));
             RecordingClient publisher = RecordingClient.handshaken(Deployments.socketClusterUri(b))) {
            first.send(subscribe("moving"));
            first.next();
            publisher.send(publish("moving", 1));
            last = first.next().getJsonObject("data");
            assertEquals(1, last.getInt("data"));
            first.close(); // the client is gone; publishing goes on
            for (int i = 2; i <= 6; i++) {
                publisher.send("{\"event\":\"#publish\",\"data\":{\"channel\":\"moving\",\"data\":" + i + "},\"cid\":" + i + "}");
                assertEquals(i, publisher.next().getInt("rid"));
            }
        }
        try (RecordingClient back = RecordingClient.handshaken(Deployments.socketClusterUri(b))) {
            back.send("{\"event\":\"#subscribe\",\"data\":{\"channel\":\"moving\",\"recover\":{\"epoch\":\""
                    + last.getString("epoch") + "\",\"offset\":" + last.getJsonNumber("offset") + "}},\"cid\":9}");
            for (int i = 2; i <= 6; i++) {
                assertEquals(i, back.next().getJsonObject("data").getInt("data"), "recovered in order");
            }
            JsonObject answer = back.next();
            assertEquals(9, answer.getInt("rid"));
            assertTrue(answer.getJsonObject("data").getBoolean("recovered"));
        }
    }

    @Test
    void theOfficialClientOnAReceivesPublishesMadeOnB() throws Exception {
        NodeScript.run("cluster-interop.mjs", Deployments.httpUri(a, "").toString(), Deployments.httpUri(b, "").toString());
    }

    @Test
    void recoveryFromAForeignEpochIsRefusedExplicitly() throws Exception {
        try (RecordingClient client = RecordingClient.handshaken(Deployments.socketClusterUri(a))) {
            client.send("{\"event\":\"#subscribe\",\"data\":{\"channel\":\"moving\",\"recover\":{\"epoch\":\"nope\",\"offset\":3}},\"cid\":4}");
            JsonObject answer = client.next();
            assertEquals(4, answer.getInt("rid"));
            assertFalse(answer.getJsonObject("data").getBoolean("recovered"));
        }
    }

    @Test
    void aFileSentToASocketOnTheOtherInstanceArrivesIntactWithinTheCredit() throws Exception {
        GeneratedFile file = new GeneratedFile(20L << 20, 20);
        try (RecordingClient sender = RecordingClient.handshaken(Deployments.socketClusterUri(a));
             RecordingClient receiver = RecordingClient.handshaken(Deployments.socketClusterUri(b))) {
            sender.send(FileSteps.offerFrame("peer.bin", file.size, file.sha256(), ",\"to\":\"" + receiver.id() + "\""));
            JsonObject offer = receiver.next();
            assertEquals("#file.offer", offer.getString("event"));
            assertEquals(sender.id(), offer.getJsonObject("data").getString("from"));
            String id = offer.getJsonObject("data").getString("id");
            long window = 2L << 20;
            CompletableFuture<String> received = CompletableFuture.supplyAsync(() -> {
                try {
                    return FileSteps.receive(receiver, id, file.size, window);
                } catch (Exception e) {
                    throw new CompletionException(e);
                }
            });
            JsonObject answer = sender.next();
            assertEquals(7, answer.getInt("rid"), answer.toString());
            assertEquals(window, answer.getJsonObject("data").getJsonNumber("window").longValue(), "the receiver's window");
            JsonObject verdict = FileSteps.send(sender, id, file, 0, window, answer.getJsonObject("data").getInt("chunkSize"), file.size);
            assertEquals(file.sha256(), received.get(60, TimeUnit.SECONDS));
            assertEquals("#file.verified", verdict.getString("event"), verdict.toString());
            assertEquals(file.sha256(), verdict.getJsonObject("data").getString("sha256"));
        }
    }

    @Test
    void anUploadStoredOnAResumesThroughB() throws Exception {
        GeneratedFile file = new GeneratedFile(6L << 20, 6);
        String name = "moved-" + System.nanoTime() + ".bin";
        String id;
        try (RecordingClient onA = RecordingClient.handshaken(Deployments.socketClusterUri(a))) {
            JsonObject answer = FileSteps.offer(onA, name, file, "").getJsonObject("data");
            id = answer.getString("id");
            assertEquals(null, FileSteps.send(onA, id, file, 0, answer.getJsonNumber("window").longValue(),
                    answer.getInt("chunkSize"), 3L << 20));
        }
        try (RecordingClient onB = RecordingClient.handshaken(Deployments.socketClusterUri(b))) {
            JsonObject answer = FileSteps.offer(onB, name, file, ",\"resume\":\"" + id + "\"").getJsonObject("data");
            long offset = answer.getJsonNumber("offset").longValue();
            assertTrue(offset >= 3L << 20, "resumes at the bytes A confirmed: " + offset);
            JsonObject verdict = FileSteps.send(onB, id, file, offset, answer.getJsonNumber("window").longValue(),
                    answer.getInt("chunkSize"), file.size);
            assertEquals("#file.verified", verdict.getString("event"), verdict.toString());
            assertEquals(file.sha256(), verdict.getJsonObject("data").getString("sha256"));
        }
        JsonArray onA = Deployments.getJsonArray(a, "socketgrid/files");
        assertTrue(onA.toString().contains(name), "stored on A, where the partial file was");
        assertFalse(Deployments.getJsonArray(b, "socketgrid/files").toString().contains(name));
    }

    @Test
    void anApplicationOnAPushesAFileToASocketOnB() throws Exception {
        int size = 3_000_000;
        byte[] bytes = new byte[size];
        for (int i = 0; i < size; i++) {
            bytes[i] = (byte) (i % 251);
        }
        String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        try (RecordingClient caller = RecordingClient.handshaken(Deployments.socketClusterUri(a));
             RecordingClient receiver = RecordingClient.handshaken(Deployments.socketClusterUri(b))) {
            caller.send("{\"event\":\"pushGenerated\",\"data\":{\"socket\":\"" + receiver.id() + "\",\"size\":" + size + "},\"cid\":12}");
            JsonObject offer = receiver.next();
            assertEquals("#file.offer", offer.getString("event"));
            assertTrue(offer.getJsonObject("data").isNull("from"), "the server sends it");
            String id = offer.getJsonObject("data").getString("id");
            assertTrue(id.startsWith(cluster(a, "").getString("self") + "."), "A, the pushing node, owns the transfer");
            assertEquals(expected, FileSteps.receive(receiver, id, size, 1L << 20));
            JsonObject answer = caller.next();
            assertEquals(12, answer.getInt("rid"));
            assertEquals(expected, answer.getString("data"), "the push completed on A with the digest B verified");
        }
    }
}

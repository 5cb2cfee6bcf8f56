package io.socketgrid.engine;

import io.socketgrid.api.ProcedureException;
import io.socketgrid.broker.HistoryPolicy;
import io.socketgrid.broker.InMemoryBroker;
import io.socketgrid.config.SocketGridConfig;
import io.socketgrid.protocol.CloseCodes;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

import io.socketgrid.monitoring.LatencySummary;
import java.util.List;
import java.util.concurrent.TimeUnit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SocketGridEngineTest {

    private final EngineCounters counters = new EngineCounters();
    private final InMemoryBroker broker = new InMemoryBroker(new HistoryPolicy(100, Duration.ofMinutes(1)));
    private SocketGridEngine engine = newEngine(Map.of());

    private SocketGridEngine newEngine(Map<String, String> settings) {
        return SocketGridEngine.builder(SocketGridConfig.load(settings::get), broker).observer(counters).build();
    }

    @AfterEach
    void stop() {
        engine.close();
        broker.close();
    }

    /** A connected socket and its transport. */
    private TestSocket connect() {
        return TestSocket.open(engine, UpgradeRequest.UNKNOWN);
    }

    private TestSocket handshaken() throws InterruptedException {
        TestSocket client = connect();
        client.send("{\"event\":\"#handshake\",\"data\":{\"authToken\":null},\"cid\":1}");
        JsonObject status = client.next();
        assertEquals(1, status.getInt("rid"));
        return client;
    }

    @Test
    void handshakeAnswersWithIdPingTimeoutAndUnauthenticated() throws Exception {
        TestSocket client = connect();
        client.send("{\"event\":\"#handshake\",\"data\":{},\"cid\":1}");
        JsonObject status = client.next().getJsonObject("data");
        assertEquals(client.connection().id(), status.getString("id"));
        assertEquals(20000, status.getInt("pingTimeout"));
        assertFalse(status.getBoolean("isAuthenticated"));
        assertTrue(client.connection().isOpen());
    }

    @Test
    void messageBeforeHandshakeCloses4009() throws Exception {
        TestSocket client = connect();
        client.send("{\"event\":\"ping\",\"data\":{}}");
        assertEquals(CloseCodes.MESSAGE_BEFORE_HANDSHAKE, client.transport().closeCode());
        assertEquals(0, engine.localConnectionCount());
    }

    @Test
    void handshakeWithoutCidCloses4008() throws Exception {
        TestSocket client = connect();
        client.send("{\"event\":\"#handshake\",\"data\":{}}");
        assertEquals(CloseCodes.HANDSHAKE_REJECTED, client.transport().closeCode());
    }

    @Test
    void noHandshakeInTimeCloses4005() throws Exception {
        engine.close();
        engine = newEngine(Map.of("handshakeTimeout", "200ms"));
        TestSocket client = connect();
        assertEquals(CloseCodes.HANDSHAKE_TIMEOUT, client.transport().closeCode());
        assertEquals(Long.valueOf(1), counters.snapshot(0).closeCodes().get("4005"));
    }

    @Test
    void drainClosesEverySocketWith4000AndEveryNewOneToo() throws Exception {
        TestSocket first = handshaken();
        TestSocket second = connect(); // not handshaken yet: closed all the same
        assertFalse(engine.isDraining());

        assertEquals(2, engine.drain());
        assertTrue(engine.isDraining());
        assertEquals(CloseCodes.DRAINING, first.transport().closeCode());
        assertEquals(CloseCodes.DRAINING, second.transport().closeCode());
        assertEquals(0, engine.localConnectionCount());

        TestSocket late = connect();
        assertEquals(CloseCodes.DRAINING, late.transport().closeCode(), "a socket opened while draining");
        assertEquals(0, engine.localConnectionCount());
        assertEquals(0, engine.drain(), "nothing left to close");
        assertEquals(Long.valueOf(3), counters.snapshot(0).closeCodes().get("4000"));
    }

    @Test
    void silentClientIsClosed4001AfterPings() throws Exception {
        engine.close();
        engine = newEngine(Map.of("pingInterval", "100ms", "pingTimeout", "400ms"));
        TestSocket client = handshaken();
        assertEquals("", client.transport().next(), "the server's heartbeat");
        assertEquals(CloseCodes.PONG_TIMEOUT, client.transport().closeCode());
    }

    @Test
    void answeringPingsKeepsTheSocketOpen() throws Exception {
        engine.close();
        engine = newEngine(Map.of("pingInterval", "50ms", "pingTimeout", "200ms"));
        TestSocket client = handshaken();
        for (int i = 0; i < 12; i++) { // 12 pings span three times the ping timeout
            assertEquals("", client.transport().next());
            client.send("");
        }
        assertTrue(client.connection().isOpen());
        assertFalse(client.transport().closedWith.isDone());
    }

    @Test
    void aCloseThatHangsDoesNotHoldBackTheHeartbeatsOfOthers() throws Exception {
        engine.close();
        engine = newEngine(Map.of("pingInterval", "50ms", "pingTimeout", "200ms"));
        CountDownLatch closeReleased = new CountDownLatch(1);
        try {
            TestSocket silent = handshaken();
            silent.transport().blockClosesUntil(closeReleased);
            TestSocket answering = handshaken();
            // 24 pings span six times the ping timeout: the silent socket's close starts within the first few and
            // hangs for the rest
            for (int i = 0; i < 24; i++) {
                assertEquals("", answering.transport().next(), "heartbeat " + i);
                answering.send("");
            }
            assertEquals(CloseCodes.PONG_TIMEOUT, silent.transport().closedCode(), "the silent socket given up on");
            assertFalse(silent.connection().isOpen(), "released although its close has not returned");
            assertTrue(answering.connection().isOpen());
            assertEquals(1, closeReleased.getCount(), "the hanging close was still hanging");
        } finally {
            closeReleased.countDown();
        }
    }

    @Test
    void invokeIsAnsweredWithTheProceduresResult() throws Exception {
        AtomicLong pings = new AtomicLong();
        engine.handlers().onInvoke("ping", (socket, data) -> pings.incrementAndGet());
        TestSocket client = handshaken();
        client.send("{\"event\":\"ping\",\"data\":{\"param\":\"pong\"},\"cid\":2}");
        JsonObject answer = client.next();
        assertEquals(2, answer.getInt("rid"));
        assertEquals(1, answer.getInt("data"));
    }

    @Test
    void handshakesPublishesDeliveriesAndInvokeLatenciesAreCounted() throws Exception {
        engine.handlers().onInvoke("slow", (socket, data) -> CompletableFuture.supplyAsync(() -> "done",
                CompletableFuture.delayedExecutor(20, TimeUnit.MILLISECONDS)));
        TestSocket first = handshaken();
        TestSocket second = handshaken();
        for (TestSocket client : List.of(first, second)) {
            client.send("{\"event\":\"#subscribe\",\"data\":{\"channel\":\"news\"},\"cid\":2}");
            assertEquals(2, client.next().getInt("rid"));
        }
        first.send("{\"event\":\"#publish\",\"data\":{\"channel\":\"news\",\"data\":1},\"cid\":3}");
        assertEquals("news", second.next().getJsonObject("data").getString("channel"));
        first.send("{\"event\":\"slow\",\"cid\":4}");
        assertEquals("done", nextAnswer(first, 4).getString("data"));

        EngineStats stats = counters.snapshot(2);
        assertEquals(2, stats.handshakes());
        assertEquals(1, stats.publishes());
        assertEquals(2, stats.deliveries(), "one message, two subscribers");
        assertEquals(1, stats.invokesAnswered(), "application procedures only, not #subscribe or #publish");
        LatencySummary latency = counters.takeInvokeLatency();
        assertEquals(1, latency.count());
        assertTrue(latency.max() >= 20_000, "the procedure took 20 ms: " + latency);
    }

    @Test
    void withMonitoringOffOnlyTheStatsCountersCount() throws Exception {
        EngineCounters plain = new EngineCounters(false);
        plain.handshakeAccepted();
        plain.published();
        plain.delivered(3);
        plain.invokeAnswered(1_000_000);
        plain.messageIn(10);
        EngineStats stats = plain.snapshot(0);
        assertEquals(List.of(0L, 0L, 0L, 0L, 1L), List.of(stats.handshakes(), stats.publishes(), stats.deliveries(),
                stats.invokesAnswered(), stats.messagesIn()));
        assertEquals(LatencySummary.NONE, plain.takeInvokeLatency());
    }

    /** The answer to {@code cid}, skipping the channel messages that may arrive before it. */
    private static JsonObject nextAnswer(TestSocket client, int cid) throws InterruptedException {
        for (int i = 0; i < 10; i++) {
            JsonObject frame = client.next();
            if (frame.containsKey("rid") && frame.getInt("rid") == cid) {
                return frame;
            }
        }
        throw new AssertionError("no answer to " + cid);
    }

    /** The typed form binds data with JSON-B; see {@link io.socketgrid.api.Handlers}. */
    public static class Sum {
        public int a;
        public int b;
    }

    @Test
    void typedProceduresBindTheirData() throws Exception {
        engine.handlers().onInvoke("sum", Sum.class, (socket, sum) -> sum.a + sum.b);
        TestSocket client = handshaken();
        client.send("{\"event\":\"sum\",\"data\":{\"a\":2,\"b\":3},\"cid\":2}");
        assertEquals(5, client.next().getInt("data"));
        client.send("{\"event\":\"sum\",\"data\":\"not an object\",\"cid\":3}");
        JsonObject error = client.next().getJsonObject("error");
        assertEquals("InvalidMessageError", error.getString("name"));
    }

    @Test
    void asynchronousProceduresAnswerWhenDone() throws Exception {
        CompletableFuture<Object> later = new CompletableFuture<>();
        engine.handlers().onInvoke("slow", (socket, data) -> later);
        TestSocket client = handshaken();
        client.send("{\"event\":\"slow\",\"cid\":4}");
        assertTrue(client.transport().sent.isEmpty());
        later.complete("done");
        JsonObject answer = client.next();
        assertEquals(4, answer.getInt("rid"));
        assertEquals("done", answer.getString("data"));
    }

    @Test
    void procedureErrorsAreAnsweredAsErrors() throws Exception {
        engine.handlers().onInvoke("named", (socket, data) -> {
            throw new ProcedureException("QuotaError", "too many");
        });
        engine.handlers().onInvoke("broken", (socket, data) -> {
            throw new IllegalStateException("secret detail");
        });
        TestSocket client = handshaken();
        client.send("{\"event\":\"named\",\"cid\":2}");
        JsonObject named = client.next().getJsonObject("error");
        assertEquals("QuotaError", named.getString("name"));
        assertEquals("too many", named.getString("message"));
        client.send("{\"event\":\"broken\",\"cid\":3}");
        JsonObject broken = client.next().getJsonObject("error");
        assertEquals("ProcedureError", broken.getString("name"));
        assertFalse(broken.getString("message").contains("secret"));
        assertEquals(1, counters.snapshot(0).handlerFailures());
    }

    @Test
    void invokingAnUnhandledEventGetsNoProcedureError() throws Exception {
        TestSocket client = handshaken();
        client.send("{\"event\":\"nobody\",\"data\":1,\"cid\":2}");
        JsonObject answer = client.next();
        assertEquals(2, answer.getInt("rid"));
        assertEquals("NoProcedureError", answer.getJsonObject("error").getString("name"));
        assertEquals(1, counters.snapshot(0).unhandledInvokes());
    }

    @Test
    void transmitReachesItsHandlerWhichCanAnswerWithATransmit() throws Exception {
        engine.handlers().onTransmit("ping", (socket, data) -> socket.transmit("pong", 7));
        TestSocket client = handshaken();
        client.send("{\"event\":\"ping\",\"data\":{\"param\":\"pong\"}}");
        JsonObject pong = client.next();
        assertEquals("pong", pong.getString("event"));
        assertEquals(7, pong.getInt("data"));
    }

    @Test
    void batchedFramesAreHandledInOrder() throws Exception {
        engine.handlers().onInvoke("echo", (socket, data) -> data);
        TestSocket client = connect();
        client.send("[{\"event\":\"#handshake\",\"cid\":1},{\"event\":\"echo\",\"data\":\"a\",\"cid\":2},"
                + "{\"event\":\"echo\",\"data\":\"b\",\"cid\":3}]");
        assertEquals(1, client.next().getInt("rid"));
        assertEquals("a", client.next().getString("data"));
        assertEquals("b", client.next().getString("data"));
    }

    @Test
    void subscribePublishUnsubscribe() throws Exception {
        TestSocket subscriber = handshaken();
        TestSocket publisher = handshaken();
        subscriber.send("{\"event\":\"#subscribe\",\"data\":{\"channel\":\"news\"},\"cid\":2}");
        JsonObject subscribed = subscriber.next();
        assertEquals(2, subscribed.getInt("rid"));
        assertFalse(subscribed.containsKey("error"));
        assertEquals(1, engine.localChannelCount());

        publisher.send("{\"event\":\"#publish\",\"data\":{\"channel\":\"news\",\"data\":\"hello\"},\"cid\":2}");
        assertEquals(2, publisher.next().getInt("rid"));
        JsonObject delivery = subscriber.next();
        assertEquals("#publish", delivery.getString("event"));
        assertEquals("news", delivery.getJsonObject("data").getString("channel"));
        assertEquals("hello", delivery.getJsonObject("data").getString("data"));

        engine.publish("news", Map.of("from", "server"));
        assertEquals("server", subscriber.next().getJsonObject("data").getJsonObject("data").getString("from"));

        subscriber.send("{\"event\":\"#unsubscribe\",\"data\":\"news\"}"); // as the official client sends it
        assertEquals(0, engine.localChannelCount());
        assertTrue(subscriber.connection().subscriptions().isEmpty());
    }

    @Test
    void closedSocketsLeaveTheirChannels() throws Exception {
        TestSocket subscriber = handshaken();
        subscriber.send("{\"event\":\"#subscribe\",\"data\":{\"channel\":\"a\"},\"cid\":2}");
        subscriber.next();
        engine.onTransportClosed(subscriber.connection(), 1000);
        assertEquals(0, engine.localChannelCount());
        assertEquals(0, engine.localConnectionCount());
    }

    @Test
    void badChannelNamesAreRefused() throws Exception {
        TestSocket client = handshaken();
        client.send("{\"event\":\"#subscribe\",\"data\":{\"channel\":\"\"},\"cid\":2}");
        assertEquals("InvalidArgumentsError", client.next().getJsonObject("error").getString("name"));
        client.send("{\"event\":\"#subscribe\",\"data\":{\"channel\":\"" + "x".repeat(257) + "\"},\"cid\":3}");
        assertEquals("InvalidArgumentsError", client.next().getJsonObject("error").getString("name"));
        client.send("{\"event\":\"#publish\",\"data\":{\"data\":1},\"cid\":4}");
        assertEquals("InvalidArgumentsError", client.next().getJsonObject("error").getString("name"));
        assertEquals(3, counters.snapshot(0).refusedActions());
    }

    @Test
    void malformedJsonWithoutCidCloses1003AndIsCounted() throws Exception {
        TestSocket bad = handshaken();
        TestSocket bystander = handshaken();
        bad.send("{\"event\":");
        assertEquals(CloseCodes.INVALID_DATA, bad.transport().closeCode());
        assertEquals(Long.valueOf(1), counters.snapshot(0).invalidFrames().get("MALFORMED_JSON"));
        assertTrue(bystander.connection().isOpen());
    }

    @Test
    void invalidFrameWithCidIsAnsweredAndTheSocketStays() throws Exception {
        TestSocket client = handshaken();
        client.send("{\"event\":42,\"cid\":5}");
        JsonObject answer = client.next();
        assertEquals(5, answer.getInt("rid"));
        assertEquals("InvalidMessageError", answer.getJsonObject("error").getString("name"));
        assertTrue(client.connection().isOpen());
    }

    @Test
    void unknownRidIsCountedAndIgnored() throws Exception {
        TestSocket client = handshaken();
        client.send("{\"rid\":99,\"data\":1}");
        assertEquals(1, counters.snapshot(0).unknownResponses());
        assertTrue(client.connection().isOpen());
    }

    @Test
    void oversizedMessageCloses1009() throws Exception {
        engine.close();
        engine = newEngine(Map.of("maxMessageBytes", "100"));
        TestSocket client = handshaken();
        client.send("{\"event\":\"x\",\"data\":\"" + "y".repeat(200) + "\"}");
        assertEquals(CloseCodes.MESSAGE_TOO_BIG, client.transport().closeCode());
    }

    @Test
    void aClientThatStopsReadingIsClosed4100AndOthersKeepReceiving() throws Exception {
        engine.close();
        engine = newEngine(Map.of("outboundQueueLimit", "2000"));
        TestSocket slow = handshaken();
        TestSocket healthy = handshaken();
        slow.send("{\"event\":\"#subscribe\",\"data\":{\"channel\":\"feed\"},\"cid\":2}");
        healthy.send("{\"event\":\"#subscribe\",\"data\":{\"channel\":\"feed\"},\"cid\":2}");
        slow.next();
        healthy.next();
        slow.transport().holdWrites();
        JsonValue payload = Json.createValue("z".repeat(100));
        for (int i = 0; i < 50; i++) {
            engine.publish("feed", payload);
        }
        assertEquals(CloseCodes.SLOW_CONSUMER, slow.transport().closeCode());
        for (int i = 0; i < 50; i++) {
            assertEquals("#publish", healthy.next().getString("event"));
        }
        assertEquals(1, counters.snapshot(0).slowConsumersClosed());
    }

    @Test
    void theSendQueueDepthCountsWhatWaitsBehindAStalledWrite() throws Exception {
        TestSocket stalled = handshaken();
        TestSocket reading = handshaken();
        for (TestSocket socket : List.of(stalled, reading)) {
            socket.send("{\"event\":\"#subscribe\",\"data\":{\"channel\":\"feed\"},\"cid\":2}");
            socket.next();
        }
        assertEquals(new SocketGridEngine.SendQueueDepth(0, 0), engine.sendQueueDepth());
        stalled.transport().holdWrites();
        for (int i = 0; i < 3; i++) {
            engine.publish("feed", Json.createValue("m" + i));
        }
        String frame = null;
        for (int i = 0; i < 3; i++) {
            frame = reading.transport().sent.poll(FakeTransport.WAIT_SECONDS, TimeUnit.SECONDS);
            assertNotNull(frame);
        }
        long waiting = 2L * frame.length(); // the first publish is the outstanding write, the other two wait
        assertEquals(new SocketGridEngine.SendQueueDepth(waiting, waiting), engine.sendQueueDepth());
        while (stalled.transport().completeOneHeldWrite()) {
            // each completion starts the next write
        }
        assertEquals(new SocketGridEngine.SendQueueDepth(0, 0), engine.sendQueueDepth());
    }

    @Test
    void closingTheEngineClosesEverySocketGoingAway() throws Exception {
        TestSocket a = handshaken();
        TestSocket b = connect();
        engine.close();
        assertEquals(CloseCodes.GOING_AWAY, a.transport().closeCode());
        assertEquals(CloseCodes.GOING_AWAY, b.transport().closeCode());
    }

    @Test
    void connectAndDisconnectListenersSeeHandshakenSockets() throws Exception {
        CompletableFuture<String> connected = new CompletableFuture<>();
        CompletableFuture<Integer> disconnected = new CompletableFuture<>();
        engine.handlers().onConnect(socket -> connected.complete(socket.id()));
        engine.handlers().onDisconnect((socket, code) -> disconnected.complete(code));
        TestSocket client = handshaken();
        assertEquals(client.connection().id(), connected.getNow(null));
        engine.onTransportClosed(client.connection(), 1000);
        assertEquals(1000, disconnected.getNow(-1));
    }

    @Test
    void resubscribingWithThePositionRecoversTheMissedMessages() throws Exception {
        TestSocket client = handshaken();
        client.send("{\"event\":\"#subscribe\",\"data\":{\"channel\":\"feed\"},\"cid\":2}");
        JsonObject position = client.next().getJsonObject("data");
        engine.publish("feed", "seen");
        JsonObject seen = client.next().getJsonObject("data");
        assertEquals(position.getInt("offset") + 1, seen.getInt("offset"));
        assertEquals(position.getString("epoch"), seen.getString("epoch"));
        engine.onTransportClosed(client.connection(), 1006);

        engine.publish("feed", "missed 1");
        engine.publish("feed", "missed 2");
        TestSocket back = handshaken();
        back.send("{\"event\":\"#subscribe\",\"data\":{\"channel\":\"feed\",\"recover\":{\"epoch\":\""
                + seen.getString("epoch") + "\",\"offset\":" + seen.getInt("offset") + "}},\"cid\":2}");
        assertEquals("missed 1", back.next().getJsonObject("data").getString("data"));
        assertEquals("missed 2", back.next().getJsonObject("data").getString("data"));
        JsonObject answer = back.next();
        assertEquals(2, answer.getInt("rid"));
        assertTrue(answer.getJsonObject("data").getBoolean("recovered"));
        assertEquals(seen.getInt("offset") + 2, answer.getJsonObject("data").getInt("offset"));
        engine.publish("feed", "live");
        assertEquals("live", back.next().getJsonObject("data").getString("data"));
    }

    @Test
    void recoveryFromAnUnknownPositionSaysSo() throws Exception {
        engine.publish("feed", "x");
        TestSocket client = handshaken();
        client.send("{\"event\":\"#subscribe\",\"data\":{\"channel\":\"feed\",\"recover\":{\"epoch\":\"gone\",\"offset\":5}},\"cid\":2}");
        JsonObject answer = client.next();
        assertEquals(2, answer.getInt("rid"));
        assertFalse(answer.getJsonObject("data").getBoolean("recovered"));
        client.send("{\"event\":\"#subscribe\",\"data\":{\"channel\":\"other\",\"recover\":{\"offset\":\"x\"}},\"cid\":3}");
        assertEquals("InvalidArgumentsError", client.next().getJsonObject("error").getString("name"));
    }

    @Test
    void targetedSendReachesASocketOnAnotherNode() throws Exception {
        try (SocketGridEngine other = SocketGridEngine.builder(SocketGridConfig.defaults(), broker).observer(counters)
                .nodeId("nodeb").build()) {
            FakeTransport transport = new FakeTransport();
            TestSocket remote = new TestSocket(other.open(transport), transport, other);
            remote.send("{\"event\":\"#handshake\",\"cid\":1}");
            remote.next();
            assertTrue(remote.connection().id().startsWith("nodeb."));

            assertTrue(engine.transmitTo(remote.connection().id(), "direct", Map.of("n", 1))
                    .toCompletableFuture().get(5, java.util.concurrent.TimeUnit.SECONDS));
            JsonObject received = remote.next();
            assertEquals("direct", received.getString("event"));
            assertEquals(1, received.getJsonObject("data").getInt("n"));

            TestSocket local = handshaken();
            assertTrue(engine.transmitTo(local.connection().id(), "direct", 2).toCompletableFuture().getNow(false));
            assertEquals(2, local.next().getInt("data"));

            assertFalse(engine.transmitTo("no-node-part", "direct", 3).toCompletableFuture().getNow(true));
            engine.transmitTo("nodeb.gone", "direct", 4).toCompletableFuture().get(5, java.util.concurrent.TimeUnit.SECONDS);
            assertEquals(1, counters.snapshot(0).undeliverable());
        }
    }

    @Test
    void clientsCannotUseServerChannels() throws Exception {
        TestSocket client = handshaken();
        client.send("{\"event\":\"#subscribe\",\"data\":{\"channel\":\"#inbox.x\"},\"cid\":2}");
        assertEquals("InvalidArgumentsError", client.next().getJsonObject("error").getString("name"));
        client.send("{\"event\":\"#publish\",\"data\":{\"channel\":\"#inbox.x\",\"data\":1},\"cid\":3}");
        assertEquals("InvalidArgumentsError", client.next().getJsonObject("error").getString("name"));
    }

    @Test
    void binaryBeforeTheHandshakeCloses4009() throws Exception {
        TestSocket client = connect();
        engine.onBinary(client.connection(), java.nio.ByteBuffer.wrap(new byte[]{1, 2, 3}));
        assertEquals(CloseCodes.MESSAGE_BEFORE_HANDSHAKE, client.transport().closeCode());
    }

    @Test
    void binaryWithoutAnExtensionCloses1003AndIsCounted() throws Exception {
        TestSocket client = handshaken();
        TestSocket bystander = handshaken();
        engine.onBinary(client.connection(), java.nio.ByteBuffer.wrap(new byte[]{1, 2, 3}));
        assertEquals(CloseCodes.INVALID_DATA, client.transport().closeCode());
        assertEquals(Long.valueOf(1), counters.snapshot(0).invalidFrames().get("UNEXPECTED_BINARY"));
        assertEquals(3, counters.snapshot(0).binaryBytesIn());
        assertTrue(bystander.connection().isOpen());
    }

    @Test
    void extensionsGetTheirReservedEventsBinaryMessagesAndReleases() throws Exception {
        java.util.concurrent.BlockingQueue<String> seen = new java.util.concurrent.LinkedBlockingQueue<>();
        engine.extensions().onReserved("#echo", (connection, event) ->
                engine.writer().answer(connection, event.cid(), event.data()));
        engine.extensions().onBinary((connection, message) -> {
            seen.add("binary " + message.remaining());
            engine.writer().sendFlowControlled(connection, message);
        });
        engine.extensions().onRelease(connection -> seen.add("released " + connection.id()));
        TestSocket client = handshaken();
        client.send("{\"event\":\"#echo\",\"data\":{\"a\":1},\"cid\":7}");
        JsonObject answer = client.next();
        assertEquals(7, answer.getInt("rid"));
        assertEquals(1, answer.getJsonObject("data").getInt("a"));
        engine.onBinary(client.connection(), java.nio.ByteBuffer.wrap(new byte[]{9, 8}));
        assertEquals("binary 2", seen.poll(5, java.util.concurrent.TimeUnit.SECONDS));
        assertEquals("binary:2", client.transport().nextFrame());
        assertEquals(2, counters.snapshot(0).binaryBytesOut());
        client.send("{\"event\":\"#unknown\",\"cid\":8}");
        assertEquals("InvalidActionError", client.next().getJsonObject("error").getString("name"));
        engine.close(client.connection(), CloseCodes.GOING_AWAY);
        assertEquals("released " + client.connection().id(), seen.poll(5, java.util.concurrent.TimeUnit.SECONDS));
    }
}

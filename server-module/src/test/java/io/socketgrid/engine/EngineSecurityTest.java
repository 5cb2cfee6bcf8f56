package io.socketgrid.engine;

import io.socketgrid.api.ClientSocket;
import io.socketgrid.api.Middleware;
import io.socketgrid.api.Verdict;
import io.socketgrid.broker.HistoryPolicy;
import io.socketgrid.broker.InMemoryBroker;
import io.socketgrid.config.SocketGridConfig;
import io.socketgrid.protocol.CloseCodes;
import io.socketgrid.security.TokenService;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.security.Principal;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Authentication, middleware, channel rules and limits of the engine, through the protocol as a client sees it. */
class EngineSecurityTest {

    private static final String KEY = "0123456789abcdef0123456789abcdef";
    private static final long NOW = 1_800_000_000_000L;

    private final AtomicLong clock = new AtomicLong(NOW);
    private final EngineCounters counters = new EngineCounters();
    private final InMemoryBroker broker = new InMemoryBroker(new HistoryPolicy(100, Duration.ofMinutes(1)));
    private SocketGridEngine engine;
    private TokenService tokens;

    private SocketGridEngine start(Map<String, String> extra) {
        Map<String, String> settings = new HashMap<>(Map.of("authKey", KEY));
        settings.putAll(extra);
        SocketGridConfig config = SocketGridConfig.load(settings::get);
        tokens = TokenService.from(config.security(), clock::get);
        engine = SocketGridEngine.builder(config, broker).observer(counters).tokens(tokens).wallClock(clock::get).build();
        return engine;
    }

    @AfterEach
    void stop() {
        if (engine != null) {
            engine.close();
        }
        broker.close();
    }

    private TestSocket connect(UpgradeRequest upgrade) {
        return TestSocket.open(engine, upgrade);
    }

    /** Handshakes with {@code token} (may be null) and returns the handshake status. */
    private JsonObject handshake(TestSocket client, String token) throws InterruptedException {
        JsonValue tokenValue = token == null ? JsonValue.NULL : Json.createValue(token);
        client.send(Json.createObjectBuilder().add("event", "#handshake")
                .add("data", Json.createObjectBuilder().add("authToken", tokenValue)).add("cid", 1).build().toString());
        JsonObject answer = client.next();
        assertEquals(1, answer.getInt("rid"), answer.toString());
        return answer.getJsonObject("data");
    }

    private TestSocket handshaken(String token) throws InterruptedException {
        TestSocket client = connect(UpgradeRequest.UNKNOWN);
        handshake(client, token);
        return client;
    }

    private String token(long expSeconds) {
        return tokens.sign(Json.createObjectBuilder().add("username", "alice").add("exp", expSeconds).build());
    }

    private static JsonObject error(JsonObject answer) {
        assertTrue(answer.containsKey("error"), "expected an error answer: " + answer);
        return answer.getJsonObject("error");
    }

    private long security(SecurityEvent event) {
        return counters.snapshot(0).security().get(event.name());
    }

    @Test
    void onlyOperatorsSubscribeToTheServersChannelsAndNobodyPublishesThere() throws Exception {
        start(Map.of());
        TestSocket stranger = connect(new UpgradeRequest("10.0.0.9", null, false));
        handshake(stranger, null);
        stranger.send("{\"event\":\"#subscribe\",\"data\":{\"channel\":\"socketgrid.metrics\"},\"cid\":2}");
        assertEquals("InvalidActionError", error(stranger.next()).getString("name"));
        stranger.send("{\"event\":\"#subscribe\",\"data\":{\"channel\":\"socketgridish\"},\"cid\":3}");
        assertFalse(stranger.next().containsKey("error"), "only the prefix 'socketgrid.' is the server's");

        TestSocket operator = connect(new UpgradeRequest("127.0.0.1", null, true));
        handshake(operator, null);
        operator.send("{\"event\":\"#subscribe\",\"data\":{\"channel\":\"socketgrid.metrics\"},\"cid\":2}");
        assertFalse(operator.next().containsKey("error"));
        operator.send("{\"event\":\"#publish\",\"data\":{\"channel\":\"socketgrid.metrics\",\"data\":1},\"cid\":3}");
        assertEquals("InvalidActionError", error(operator.next()).getString("name"), "not even an operator publishes");

        engine.publish("socketgrid.metrics", Map.of("from", "the server"));
        JsonObject delivery = operator.next();
        assertEquals("the server", delivery.getJsonObject("data").getJsonObject("data").getString("from"));
        assertEquals(2, security(SecurityEvent.POLICY_BLOCKED));
    }

    @Test
    void aValidTokenInTheHandshakeAuthenticates() throws Exception {
        start(Map.of());
        TestSocket client = connect(UpgradeRequest.UNKNOWN);
        JsonObject status = handshake(client, token(NOW / 1000 + 60));
        assertTrue(status.getBoolean("isAuthenticated"));
        assertFalse(status.containsKey("authError"));
        assertEquals("alice", client.connection().authToken().orElseThrow().getString("username"));
        assertTrue(client.connection().isAuthenticated());
    }

    @Test
    void anExpiredOrForgedTokenInTheHandshakeIsNamedAndLeavesTheSocketAnonymous() throws Exception {
        start(Map.of());
        TestSocket expired = connect(UpgradeRequest.UNKNOWN);
        JsonObject status = handshake(expired, token(NOW / 1000 - 1));
        assertFalse(status.getBoolean("isAuthenticated"));
        assertEquals("AuthTokenExpiredError", status.getJsonObject("authError").getString("name"));
        assertTrue(status.getJsonObject("authError").containsKey("expiry"));

        String forged = TokenService.from(SocketGridConfig.load(Map.of("authKey", "another key of at least 32 bytes!!")::get)
                .security(), clock::get).sign(Json.createObjectBuilder().add("username", "mallory").build());
        TestSocket mallory = connect(UpgradeRequest.UNKNOWN);
        JsonObject forgedStatus = handshake(mallory, forged);
        assertFalse(forgedStatus.getBoolean("isAuthenticated"));
        assertEquals("AuthTokenInvalidError", forgedStatus.getJsonObject("authError").getString("name"));
        assertTrue(mallory.connection().authToken().isEmpty());
        assertEquals(2, security(SecurityEvent.TOKEN_REJECTED));
    }

    @Test
    void authenticateAnswersTheAuthStatusAndRemoveAuthTokenLogsOut() throws Exception {
        start(Map.of());
        TestSocket client = handshaken(null);
        client.send("{\"event\":\"#authenticate\",\"data\":\"" + token(NOW / 1000 + 60) + "\",\"cid\":2}");
        JsonObject answer = client.next();
        assertEquals(2, answer.getInt("rid"));
        assertTrue(answer.getJsonObject("data").getBoolean("isAuthenticated"));
        assertTrue(client.connection().isAuthenticated());

        client.send("{\"event\":\"#authenticate\",\"data\":\"not.a.token\",\"cid\":3}");
        JsonObject refused = client.next().getJsonObject("data");
        assertFalse(refused.getBoolean("isAuthenticated"));
        assertEquals("AuthTokenInvalidError", refused.getJsonObject("authError").getString("name"));
        assertFalse(client.connection().isAuthenticated(), "a refused token replaces the one before");

        client.send("{\"event\":\"#authenticate\",\"data\":\"" + token(NOW / 1000 + 60) + "\",\"cid\":4}");
        assertTrue(client.next().getJsonObject("data").getBoolean("isAuthenticated"));
        client.send("{\"event\":\"#removeAuthToken\"}");
        assertFalse(client.connection().isAuthenticated());
    }

    @Test
    void theServerSignsAndPushesATokenAndCanTakeItBack() throws Exception {
        start(Map.of());
        TestSocket client = handshaken(null);
        client.connection().setAuthToken(Map.of("username", "bob"));
        JsonObject pushed = client.next();
        assertEquals("#setAuthToken", pushed.getString("event"));
        String signed = pushed.getJsonObject("data").getString("token");
        assertEquals("bob", tokens.verify(signed).claims().getString("username"));
        assertEquals(NOW / 1000 + Duration.ofHours(24).toSeconds(), tokens.verify(signed).claims().getJsonNumber("exp").longValue());
        assertTrue(client.connection().isAuthenticated());

        client.connection().deauthenticate();
        assertEquals("#removeAuthToken", client.next().getString("event"));
        assertFalse(client.connection().isAuthenticated());
    }

    @Test
    void aTokenThatExpiresWhileConnectedEndsAndTheSocketLeavesAuthChannels() throws Exception {
        start(Map.of("authChannels", "private.*"));
        TestSocket client = handshaken(token(NOW / 1000 + 30));
        client.send("{\"event\":\"#subscribe\",\"data\":{\"channel\":\"private.alice\"},\"cid\":2}");
        assertFalse(client.next().containsKey("error"));

        clock.addAndGet(31_000);
        client.send("{\"event\":\"#subscribe\",\"data\":{\"channel\":\"public\"},\"cid\":3}");
        assertEquals("#removeAuthToken", client.next().getString("event"));
        JsonObject kicked = client.next();
        assertEquals("#kickOut", kicked.getString("event"), kicked.toString());
        assertEquals("private.alice", kicked.getJsonObject("data").getString("channel"));
        assertEquals(3, client.next().getInt("rid"));
        assertEquals(java.util.Set.of("public"), client.connection().subscriptions());
        assertEquals(1, security(SecurityEvent.TOKEN_EXPIRED));
    }

    @Test
    void authChannelsRefuseAnonymousSubscribeAndPublish() throws Exception {
        start(Map.of("authChannels", "private.*,admin"));
        TestSocket anonymous = handshaken(null);
        anonymous.send("{\"event\":\"#subscribe\",\"data\":{\"channel\":\"admin\"},\"cid\":2}");
        assertEquals("AuthError", error(anonymous.next()).getString("name"));
        anonymous.send("{\"event\":\"#publish\",\"data\":{\"channel\":\"private.x\",\"data\":1},\"cid\":3}");
        assertEquals("AuthError", error(anonymous.next()).getString("name"));
        anonymous.send("{\"event\":\"#subscribe\",\"data\":{\"channel\":\"privateer\"},\"cid\":4}");
        assertFalse(anonymous.next().containsKey("error"), "a prefix pattern matches names that start with it only");

        TestSocket member = handshaken(token(NOW / 1000 + 60));
        member.send("{\"event\":\"#subscribe\",\"data\":{\"channel\":\"admin\"},\"cid\":2}");
        assertFalse(member.next().containsKey("error"));
        assertEquals(2, security(SecurityEvent.POLICY_BLOCKED));
    }

    @Test
    void builtInRulesRefuseClientPublishWhenSwitchedOffAndSubscriptionsOverTheCap() throws Exception {
        start(Map.of("allowClientPublish", "false", "maxSubscriptionsPerSocket", "1"));
        TestSocket client = handshaken(null);
        client.send("{\"event\":\"#publish\",\"data\":{\"channel\":\"news\",\"data\":1},\"cid\":2}");
        assertEquals("InvalidActionError", error(client.next()).getString("name"));
        client.send("{\"event\":\"#subscribe\",\"data\":{\"channel\":\"a\"},\"cid\":3}");
        assertFalse(client.next().containsKey("error"));
        client.send("{\"event\":\"#subscribe\",\"data\":{\"channel\":\"a\"},\"cid\":4}");
        assertFalse(client.next().containsKey("error"), "subscribing again to a channel the socket has is no new subscription");
        client.send("{\"event\":\"#subscribe\",\"data\":{\"channel\":\"b\"},\"cid\":5}");
        assertEquals("InvalidActionError", error(client.next()).getString("name"));
        assertEquals(2, security(SecurityEvent.POLICY_BLOCKED));
    }

    @Test
    void aContainerPrincipalAuthenticatesWithoutAToken() throws Exception {
        start(Map.of("authChannels", "admin"));
        Principal carol = () -> "carol";
        TestSocket client = connect(new UpgradeRequest("10.0.0.7", carol));
        assertTrue(handshake(client, null).getBoolean("isAuthenticated"));
        assertEquals("carol", client.connection().principal().orElseThrow().getName());
        assertEquals("10.0.0.7", client.connection().remoteAddress());
        client.send("{\"event\":\"#subscribe\",\"data\":{\"channel\":\"admin\"},\"cid\":2}");
        assertFalse(client.next().containsKey("error"));
        client.send("{\"event\":\"#removeAuthToken\"}");
        assertTrue(client.connection().isAuthenticated(), "logging out of a token keeps the container login");
    }

    /** Blocks what names "secret", drops channel messages marked private for everyone but their owner. */
    private static final class Guard implements Middleware {
        @Override
        public Verdict onHandshake(ClientSocket socket) {
            return socket.remoteAddress().equals("10.6.6.6") ? Verdict.block("BannedError", "go away") : Verdict.ALLOW;
        }

        @Override
        public Verdict onTransmit(ClientSocket socket, String event, JsonValue data) {
            return event.equals("secret") ? Verdict.block("ForbiddenError", "no secrets") : Verdict.ALLOW;
        }

        @Override
        public Verdict onInvoke(ClientSocket socket, String event, JsonValue data) {
            return event.equals("secret") ? Verdict.block("ForbiddenError", "no secrets") : Verdict.ALLOW;
        }

        @Override
        public Verdict onSubscribe(ClientSocket socket, String channel) {
            return channel.equals("secret") ? Verdict.block("ForbiddenError", "no secret channel") : Verdict.ALLOW;
        }

        @Override
        public Verdict onPublishIn(ClientSocket socket, String channel, JsonValue data) {
            return data.equals(Json.createValue("secret")) ? Verdict.block("ForbiddenError", "no secret data") : Verdict.ALLOW;
        }

        @Override
        public boolean onPublishOut(ClientSocket socket, String channel, JsonValue data) {
            return !(data instanceof JsonObject message) || !message.containsKey("to")
                    || message.getString("to").equals(socket.id());
        }
    }

    @Test
    void middlewareAllowsAndBlocksEveryHookWithTheErrorItNames() throws Exception {
        start(Map.of());
        List<String> transmitted = new java.util.concurrent.CopyOnWriteArrayList<>();
        engine.handlers().use(new Guard())
                .onTransmit("secret", (socket, data) -> transmitted.add("secret"))
                .onTransmit("open", (socket, data) -> transmitted.add("open"))
                .onInvoke("secret", (socket, data) -> "leaked")
                .onInvoke("open", (socket, data) -> "fine");

        TestSocket banned = connect(new UpgradeRequest("10.6.6.6", null));
        banned.send("{\"event\":\"#handshake\",\"data\":{},\"cid\":1}");
        assertEquals("BannedError", error(banned.next()).getString("name"));
        assertEquals(CloseCodes.HANDSHAKE_REJECTED, banned.transport().closeCode());

        TestSocket client = handshaken(null);
        client.send("{\"event\":\"secret\",\"data\":1}");
        client.send("{\"event\":\"open\",\"data\":1}");
        client.send("{\"event\":\"secret\",\"data\":1,\"cid\":2}");
        assertEquals("ForbiddenError", error(client.next()).getString("name"));
        client.send("{\"event\":\"open\",\"data\":1,\"cid\":3}");
        assertEquals("fine", client.next().getString("data"));
        assertEquals(List.of("open"), transmitted);

        client.send("{\"event\":\"#subscribe\",\"data\":{\"channel\":\"secret\"},\"cid\":4}");
        assertEquals("ForbiddenError", error(client.next()).getString("name"));
        assertTrue(client.connection().subscriptions().isEmpty());
        client.send("{\"event\":\"#publish\",\"data\":{\"channel\":\"news\",\"data\":\"secret\"},\"cid\":5}");
        assertEquals("ForbiddenError", error(client.next()).getString("name"));
        assertEquals(5, security(SecurityEvent.MIDDLEWARE_BLOCKED));
    }

    @Test
    void publishOutMiddlewareDropsPerRecipient() throws Exception {
        start(Map.of());
        engine.handlers().use(new Guard());
        TestSocket alice = handshaken(null);
        TestSocket bob = handshaken(null);
        for (TestSocket client : List.of(alice, bob)) {
            client.send("{\"event\":\"#subscribe\",\"data\":{\"channel\":\"inbox\"},\"cid\":2}");
            assertFalse(client.next().containsKey("error"));
        }
        engine.publish("inbox", Map.of("to", bob.connection().id(), "text", "for bob")).toCompletableFuture().get(5, TimeUnit.SECONDS);
        engine.publish("inbox", Map.of("text", "for all")).toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertEquals("for bob", bob.next().getJsonObject("data").getJsonObject("data").getString("text"));
        assertEquals("for all", bob.next().getJsonObject("data").getJsonObject("data").getString("text"));
        assertEquals("for all", alice.next().getJsonObject("data").getJsonObject("data").getString("text"),
                "alice gets the message for all, not bob's, which was dropped for her");
        assertEquals(1, security(SecurityEvent.PUBLISH_OUT_DROPPED));
    }

    @Test
    void aThrowingMiddlewareBlocksWithMiddlewareErrorAndTheSocketStays() throws Exception {
        start(Map.of());
        engine.handlers().use(new Middleware() {
            @Override
            public Verdict onInvoke(ClientSocket socket, String event, JsonValue data) {
                throw new IllegalStateException("bug in the application");
            }
        }).onInvoke("ping", (socket, data) -> "pong");
        TestSocket client = handshaken(null);
        client.send("{\"event\":\"ping\",\"cid\":2}");
        assertEquals("MiddlewareError", error(client.next()).getString("name"));
        assertTrue(client.connection().isOpen());
        assertEquals(1, security(SecurityEvent.MIDDLEWARE_FAILED));
    }

    @Test
    void anActionOverTheRateIsRefusedWithRateLimitError() throws Exception {
        start(Map.of("inboundRate", "1", "inboundBurst", "3"));
        engine.handlers().onInvoke("ping", (socket, data) -> "pong");
        TestSocket client = handshaken(null);
        client.send("[{\"event\":\"ping\",\"cid\":2},{\"event\":\"ping\",\"cid\":3},{\"event\":\"ping\",\"cid\":4},"
                + "{\"event\":\"ping\",\"cid\":5}]");
        for (int cid = 2; cid <= 4; cid++) {
            assertEquals("pong", client.next().getString("data"));
        }
        assertEquals(InboundInterception.RATE_LIMITED, error(client.next()).getString("name"));
        assertTrue(client.connection().isOpen(), "a socket over its rate is answered, not closed");
        assertEquals(1, security(SecurityEvent.RATE_LIMITED));
    }

    @Test
    void aBatchOverTheLimitClosesWith1009() throws Exception {
        start(Map.of("maxBatchLength", "2"));
        TestSocket client = handshaken(null);
        client.send("[\"\",\"\",\"\"]".replace("\"\"", "{\"event\":\"x\"}"));
        assertEquals(CloseCodes.MESSAGE_TOO_BIG, client.transport().closeCode());
        assertEquals(1, security(SecurityEvent.BATCH_TOO_LONG));
    }

    @Test
    void socketsOverTheConnectionLimitsAreClosedWith1013AndFreedSlotsAreReused() throws Exception {
        start(Map.of("maxConnections", "3", "maxConnectionsPerAddress", "2"));
        UpgradeRequest a = new UpgradeRequest("10.0.0.1", null);
        TestSocket first = connect(a);
        connect(a);
        TestSocket thirdFromA = connect(a);
        assertEquals(CloseCodes.TRY_AGAIN_LATER, thirdFromA.transport().closeCode());
        connect(new UpgradeRequest("10.0.0.2", null));
        TestSocket fourth = connect(new UpgradeRequest("10.0.0.3", null));
        assertEquals(CloseCodes.TRY_AGAIN_LATER, fourth.transport().closeCode());
        assertEquals(3, engine.localConnectionCount());

        engine.onTransportClosed(first.connection(), 1000);
        TestSocket again = connect(a);
        assertNull(again.transport().closedWith.getNow(null), "a released slot is free again");
        assertEquals(1, security(SecurityEvent.ADDRESS_FULL));
        assertEquals(1, security(SecurityEvent.INSTANCE_FULL));
    }
}

package io.socketgrid.client;

import io.socketgrid.client.protocol.ClientCodec;
import io.socketgrid.client.protocol.Position;
import jakarta.json.Json;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The client's state machine against a fake transport and a hand-driven clock: no server, no threads. */
class ClientSocketTest {

    private static final URI SERVER = URI.create("ws://127.0.0.1:1/socketcluster/");
    private static final String HANDSHAKE_ANSWER = "{\"rid\":1,\"data\":{\"id\":\"n1.a\",\"pingTimeout\":2000,\"isAuthenticated\":false}}";

    private final FakeTransport transport = new FakeTransport();
    private final ManualTimers timers = new ManualTimers();
    private final RecordingListener events = new RecordingListener();
    private SocketGridClient client;

    @BeforeEach
    void client() {
        client = new SocketGridClient(new ClientRuntime(transport, timers, new ClientCodec(), () -> 0.5));
    }

    private static ClientOptions.Builder options() {
        return ClientOptions.builder().initialDelay(Duration.ofMillis(1000)).factor(2).maxDelay(Duration.ofMillis(4000))
                .invokeTimeout(Duration.ofMillis(3000)).connectTimeout(Duration.ofMillis(5000));
    }

    private ClientSocket connect(ClientOptions options) {
        ClientSocket socket = client.connect(SERVER, options);
        socket.addListener(events);
        return socket;
    }

    /** Opens the latest attempt, checks the handshake it sends (cid {@code cid}) and answers it. */
    private FakeTransport.Connection handshake(long cid, String id) {
        FakeTransport.Connection connection = transport.last().accept();
        assertEquals("{\"event\":\"#handshake\",\"data\":{\"authToken\":null},\"cid\":" + cid + "}", connection.next());
        connection.serverSends("{\"rid\":" + cid + ",\"data\":{\"id\":\"" + id + "\",\"pingTimeout\":2000,\"isAuthenticated\":false}}");
        return connection;
    }

    private static String failureName(CompletableFuture<?> future) {
        assertTrue(future.isDone(), "the future has settled");
        ExecutionException failure = assertThrows(ExecutionException.class, future::get);
        return assertInstanceOf(SocketGridException.class, failure.getCause()).name();
    }

    @Test
    void handshakeFirstThenConnected() {
        ClientSocket socket = connect(options().authToken("jwt-1").build());
        assertEquals(ClientState.CONNECTING, socket.state());
        FakeTransport.Connection connection = transport.last().accept();
        assertEquals("{\"event\":\"#handshake\",\"data\":{\"authToken\":\"jwt-1\"},\"cid\":1}", connection.next());
        assertFalse(socket.connected().isDone());

        connection.serverSends(HANDSHAKE_ANSWER);

        assertEquals(ClientState.CONNECTED, socket.state());
        assertEquals("n1.a", socket.id());
        assertEquals(new Handshake("n1.a", 2000, false, null), socket.connected().getNow(null));
        assertEquals(List.of("connect n1.a"), events.events);
    }

    @Test
    void answersHeartbeatsAlsoInsideABatch() {
        connect(options().build());
        FakeTransport.Connection connection = handshake(1, "n1.a");
        connection.serverSends("");
        assertEquals("", connection.next());
        connection.serverSends("[\"\",{\"event\":\"x\"}]");
        assertEquals("", connection.next());
        connection.nothingMore();
    }

    @Test
    void invokeSettlesWithTheAnswerOrTheServersNamedError() {
        ClientSocket socket = connect(options().build());
        FakeTransport.Connection connection = handshake(1, "n1.a");

        CompletableFuture<JsonValue> echo = socket.invoke("echo", Json.createValue("hi"));
        assertEquals("{\"event\":\"echo\",\"data\":\"hi\",\"cid\":2}", connection.next());
        CompletableFuture<JsonValue> fail = socket.invoke("fail", null);
        assertEquals("{\"event\":\"fail\",\"cid\":3}", connection.next());

        connection.serverSends("[{\"rid\":3,\"error\":{\"name\":\"TestError\",\"message\":\"on purpose\"}},{\"rid\":2,\"data\":\"hi\"}]");

        assertEquals(Json.createValue("hi"), echo.getNow(null));
        assertEquals("TestError", failureName(fail));
        assertEquals(0, socket.pendingCalls());
    }

    @Test
    void invokeTimesOutAndALateAnswerIsIgnored() {
        ClientSocket socket = connect(options().build());
        FakeTransport.Connection connection = handshake(1, "n1.a");
        CompletableFuture<JsonValue> slow = socket.invoke("slow", null, Duration.ofMillis(500));
        connection.next();

        timers.advance(499);
        assertFalse(slow.isDone());
        timers.advance(1);
        assertEquals("TimeoutError", failureName(slow));

        connection.serverSends("{\"rid\":2,\"data\":1}"); // late: ignored
        assertEquals(0, socket.pendingCalls());
    }

    @Test
    void framesMadeWhileConnectingGoOutAfterTheHandshakeInCallOrder() {
        ClientSocket socket = connect(options().maxQueued(2).build());
        socket.transmit("first", Json.createValue(1));
        CompletableFuture<JsonValue> answer = socket.invoke("second", null); // cid 1: the handshake comes later
        SocketGridException full = assertThrows(SocketGridException.class, () -> socket.transmit("third", null));
        assertEquals("QueueFullError", full.name());

        FakeTransport.Connection connection = handshake(2, "n1.a");
        assertEquals("{\"event\":\"first\",\"data\":1}", connection.next());
        assertEquals("{\"event\":\"second\",\"cid\":1}", connection.next());
        connection.nothingMore();
        connection.serverSends("{\"rid\":1,\"data\":true}");
        assertEquals(JsonValue.TRUE, answer.getNow(null));
    }

    @Test
    void reservedEventNamesAreRefused() {
        ClientSocket socket = connect(options().build());
        assertThrows(IllegalArgumentException.class, () -> socket.transmit("#publish", null));
        assertThrows(IllegalArgumentException.class, () -> socket.invoke("#handshake", null));
        assertThrows(IllegalArgumentException.class, () -> socket.onTransmit("", data -> { }));
    }

    @Test
    void serverTransmitsReachTheirHandlerAndReservedOnesNever() {
        ClientSocket socket = connect(options().build());
        List<JsonValue> pongs = new ArrayList<>();
        socket.onTransmit("pong", pongs::add);
        FakeTransport.Connection connection = handshake(1, "n1.a");

        connection.serverSends("{\"event\":\"pong\",\"data\":7}");
        connection.serverSends("{\"event\":\"#unknownReserved\",\"data\":8}");
        connection.serverSends("{\"event\":\"other\",\"data\":9}");

        assertEquals(List.of(Json.createValue(7)), pongs);
    }

    @Test
    void anInvokeOfTheServerIsAnsweredWithNoProcedureError() {
        connect(options().build());
        FakeTransport.Connection connection = handshake(1, "n1.a");
        connection.serverSends("{\"event\":\"askClient\",\"cid\":5}");
        assertEquals("{\"rid\":5,\"error\":{\"name\":\"NoProcedureError\",\"message\":\"the client handles no invoke of 'askClient'\"}}",
                connection.next());
    }

    @Test
    void lostConnectionFailsPendingInvokesAndReconnectsWithBackoff() {
        ClientSocket socket = connect(options().build());
        FakeTransport.Connection first = handshake(1, "n1.a");
        CompletableFuture<JsonValue> pending = socket.invoke("echo", null);

        first.serverCloses(1011, "boom");

        assertEquals("BadConnectionError", failureName(pending));
        assertEquals(ClientState.DISCONNECTED, socket.state());
        assertNull(socket.id());
        assertEquals("BadConnectionError", failureName(socket.invoke("echo", null)), "no invoke while disconnected");
        // random 0.5 of the ceiling: 1000 ms for the first attempt
        assertEquals(List.of("connect n1.a", "disconnect 1011", "reconnecting 1 after 500"), events.events);

        timers.advance(499);
        assertEquals(1, transport.opened.size());
        timers.advance(1);
        assertEquals(2, transport.opened.size());
        assertEquals(ClientState.CONNECTING, socket.state());
    }

    @Test
    void backoffCeilingDoublesPerFailedAttemptUpToTheMaximumAndResetsAfterAHandshake() {
        ClientSocket socket = connect(options().build());
        transport.last().refuse();
        for (long delay : new long[] {500, 1000, 2000}) {
            timers.advance(delay - 1);
            int attempts = transport.opened.size();
            timers.advance(1);
            assertEquals(attempts + 1, transport.opened.size(), "the next attempt starts after " + delay + " ms");
            transport.last().refuse();
        }
        assertEquals(List.of("error ConnectAbortError", "reconnecting 1 after 500",
                "error ConnectAbortError", "reconnecting 2 after 1000",
                "error ConnectAbortError", "reconnecting 3 after 2000",
                "error ConnectAbortError", "reconnecting 4 after 2000"), events.events);

        timers.advance(2000);
        handshake(1, "n1.b");
        transport.last().serverCloses(1001, "going away");
        assertEquals("reconnecting 1 after 500", events.events.get(events.events.size() - 1));
        assertEquals(ClientState.DISCONNECTED, socket.state());
    }

    @Test
    void withoutJitterTheDelayIsTheCeiling() {
        connect(options().jitter(false).build());
        transport.last().refuse();
        timers.advance(1000);
        transport.last().refuse();
        assertEquals(List.of("error ConnectAbortError", "reconnecting 1 after 1000",
                "error ConnectAbortError", "reconnecting 2 after 2000"), events.events);
    }

    @Test
    void silenceLongerThanThePingTimeoutDropsTheConnectionAndReconnects() {
        ClientSocket socket = connect(options().build());
        FakeTransport.Connection connection = handshake(1, "n1.a");
        timers.advance(1500);
        connection.serverSends(""); // a heartbeat: the silence starts again
        timers.advance(1999);
        assertFalse(connection.aborted);
        timers.advance(1);

        assertTrue(connection.aborted);
        assertEquals(ClientState.DISCONNECTED, socket.state());
        assertEquals(List.of("connect n1.a", "disconnect 4000", "reconnecting 1 after 500"), events.events);
        connection.serverSends("{\"event\":\"late\"}"); // a dropped connection's late message changes nothing
        assertEquals(ClientState.DISCONNECTED, socket.state());
    }

    @Test
    void anUnansweredHandshakeTimesOutAfterTheConnectTimeout() {
        ClientSocket socket = connect(options().build());
        FakeTransport.Connection connection = transport.last().accept();
        timers.advance(5000);
        assertTrue(connection.aborted);
        assertEquals(List.of("error ConnectAbortError", "reconnecting 1 after 500"), events.events);
        assertEquals(ClientState.DISCONNECTED, socket.state());
    }

    @Test
    void noReconnectAfterANormalCloseOrAnApplicationCodeFromTheServer() {
        for (int code : new int[] {1000, 4500}) {
            ClientSocket socket = connect(options().build());
            handshake(1, "n1.a").serverCloses(code, "bye");
            assertEquals(ClientState.CLOSED, socket.state());
        }
        assertEquals(0, timers.pending());
    }

    @Test
    void closeIsFinalFailsPendingAndDiscardsQueued() {
        ClientSocket socket = connect(options().build());
        FakeTransport.Connection connection = handshake(1, "n1.a");
        CompletableFuture<JsonValue> pending = socket.invoke("echo", null);

        socket.close();
        socket.close();

        assertEquals(1000, connection.closeCode);
        assertEquals("BadConnectionError", failureName(pending));
        assertEquals(ClientState.CLOSED, socket.state());
        assertEquals(List.of("connect n1.a", "disconnect 1000", "close 1000"), events.events);
        assertEquals("BadConnectionError", assertThrows(SocketGridException.class, () -> socket.transmit("x", null)).name());
        assertEquals(0, timers.pending(), "no timer left behind");
    }

    @Test
    void closeBeforeAnyHandshakeFailsConnected() {
        ClientSocket socket = connect(options().build());
        socket.close();
        assertEquals("BadConnectionError", failureName(socket.connected()));
    }

    @Test
    void withoutAutoReconnectALostConnectionCloses() {
        ClientSocket socket = connect(options().autoReconnect(false).build());
        handshake(1, "n1.a").serverCloses(1011, "boom");
        assertEquals(ClientState.CLOSED, socket.state());
        assertEquals(List.of("connect n1.a", "disconnect 1011", "close 1011"), events.events);
    }

    @Test
    void tokensTheServerSetsOrRemovesAreUsedInTheNextHandshake() {
        ClientSocket socket = connect(options().build());
        FakeTransport.Connection connection = handshake(1, "n1.a");
        connection.serverSends("{\"event\":\"#setAuthToken\",\"data\":{\"token\":\"signed\"}}");
        assertEquals("signed", socket.authToken());

        connection.serverCloses(4000, "draining");
        timers.advance(500);
        FakeTransport.Connection second = transport.last().accept();
        assertEquals("{\"event\":\"#handshake\",\"data\":{\"authToken\":\"signed\"},\"cid\":2}", second.next());
        second.serverSends("{\"rid\":2,\"data\":{\"id\":\"n2.b\",\"pingTimeout\":2000,\"isAuthenticated\":true}}");
        second.serverSends("{\"event\":\"#removeAuthToken\"}");
        assertNull(socket.authToken());
    }

    @Test
    void authenticateKeepsAnAcceptedTokenAndForgetsARefusedOne() {
        ClientSocket socket = connect(options().build());
        FakeTransport.Connection connection = handshake(1, "n1.a");
        CompletableFuture<AuthStatus> ok = socket.authenticate("good");
        assertEquals("{\"event\":\"#authenticate\",\"data\":\"good\",\"cid\":2}", connection.next());
        connection.serverSends("{\"rid\":2,\"data\":{\"isAuthenticated\":true}}");
        assertEquals(new AuthStatus(true, null), ok.getNow(null));
        assertEquals("good", socket.authToken());

        CompletableFuture<AuthStatus> bad = socket.authenticate("expired");
        connection.next();
        connection.serverSends("{\"rid\":3,\"data\":{\"isAuthenticated\":false,\"authError\":{\"name\":\"AuthTokenExpiredError\",\"message\":\"x\"}}}");
        assertEquals(new AuthStatus(false, "AuthTokenExpiredError"), bad.getNow(null));
        assertNull(socket.authToken());
    }

    @Test
    void aRefusedHandshakeIsDroppedAndRetried() {
        ClientSocket socket = connect(options().build());
        FakeTransport.Connection connection = transport.last().accept();
        connection.next();
        connection.serverSends("{\"rid\":1,\"error\":{\"name\":\"ForbiddenError\",\"message\":\"no\"}}");
        assertTrue(connection.aborted);
        assertEquals(ClientState.DISCONNECTED, socket.state());
    }

    @Test
    void unreadableFramesAreReportedAndTheSocketStays() {
        ClientSocket socket = connect(options().build());
        FakeTransport.Connection connection = handshake(1, "n1.a");
        connection.serverSends("{not json");
        connection.serverSends("42");
        assertEquals(List.of("connect n1.a", "error InvalidMessageError", "error InvalidMessageError"), events.events);
        assertEquals(ClientState.CONNECTED, socket.state());
    }

    @Test
    void publishAnswersOnceTheServerAccepted() {
        ClientSocket socket = connect(options().build());
        FakeTransport.Connection connection = handshake(1, "n1.a");
        CompletableFuture<Void> published = socket.publish("news", Json.createValue(3));
        assertEquals("{\"event\":\"#publish\",\"data\":{\"channel\":\"news\",\"data\":3},\"cid\":2}", connection.next());
        connection.serverSends("{\"rid\":2}");
        assertTrue(published.isDone());
        assertFalse(published.isCompletedExceptionally());
    }

    @Test
    void aListenerThatThrowsDoesNotDisturbTheSocket() {
        ClientSocket socket = connect(options().build());
        socket.addListener(new ConnectionListener() {
            @Override
            public void onConnect(Handshake handshake) {
                throw new IllegalStateException("listener bug");
            }
        });
        socket.onTransmit("boom", data -> {
            throw new IllegalStateException("handler bug");
        });
        FakeTransport.Connection connection = handshake(1, "n1.a");
        connection.serverSends("{\"event\":\"boom\"}");
        connection.serverSends("");
        assertEquals("", connection.next(), "still answering heartbeats");
        assertEquals(ClientState.CONNECTED, socket.state());
    }

    @Test
    void theLocalAddressReachesTheTransport() throws Exception {
        var address = java.net.InetAddress.getByName("127.0.0.3");
        connect(options().localAddress(address).build());
        assertEquals(address, transport.last().localAddress);
    }

    @Test
    void positionsOfSubscribeAnswersAreKept() {
        ClientSocket socket = connect(options().build());
        FakeTransport.Connection connection = handshake(1, "n1.a");
        ChannelSubscription news = socket.subscribe("news", (channel, data) -> { });
        connection.next();
        connection.serverSends("{\"rid\":2,\"data\":{\"epoch\":\"e1\",\"offset\":9}}");
        assertEquals(new Position("e1", 9), news.position());
        assertEquals(new Position("e1", 9), news.ready().getNow(null));
    }
}

package io.socketgrid.it;

import io.socketgrid.client.ChannelListener;
import io.socketgrid.client.ChannelSubscription;
import io.socketgrid.client.ClientOptions;
import io.socketgrid.client.ClientSocket;
import io.socketgrid.client.ClientState;
import io.socketgrid.client.ConnectionListener;
import io.socketgrid.client.Handshake;
import io.socketgrid.client.SocketGridClient;
import io.socketgrid.client.SocketGridException;
import jakarta.json.Json;
import jakarta.json.JsonNumber;
import jakarta.json.JsonValue;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.ServerSocket;
import java.net.URI;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Java client ({@code java-client}) against the real WAR in Payara Micro: handshake, invoke, transmit,
 * subscribe and publish, recovery of what was published while the server had closed the socket, and the
 * reconnect backoff. Timings from arquillian.xml: heartbeat every 400 ms, pong timeout 1.5 s, so every test
 * also shows that the client answers heartbeats (a socket that did not would be closed with 4001).
 */
@ExtendWith(ArquillianExtension.class)
class JavaClientIT {

    private static final long WAIT = 10;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.socketGridWithTestProcedures();
    }

    @ArquillianResource
    URL base;

    private final SocketGridClient client = SocketGridClient.create();

    @AfterEach
    void closeClient() {
        client.close();
    }

    private ClientSocket connected(ClientOptions options) throws Exception {
        ClientSocket socket = client.connect(Deployments.socketClusterUri(base), options);
        socket.connected().get(WAIT, TimeUnit.SECONDS);
        return socket;
    }

    private static <T> T next(BlockingQueue<T> queue, String what) throws InterruptedException {
        T value = queue.poll(WAIT, TimeUnit.SECONDS);
        assertNotNull(value, what + " did not arrive within " + WAIT + " s");
        return value;
    }

    private static String failureName(CompletableFuture<?> future) {
        ExecutionException failure = assertThrows(ExecutionException.class, () -> future.get(WAIT, TimeUnit.SECONDS));
        return assertInstanceOf(SocketGridException.class, failure.getCause()).name();
    }

    @Test
    void handshakeInvokeAndNamedErrors() throws Exception {
        try (ClientSocket socket = connected(ClientOptions.defaults())) {
            Handshake handshake = socket.connected().get();
            assertFalse(handshake.id().isEmpty());
            assertEquals(1500, handshake.pingTimeoutMillis());
            assertFalse(handshake.authenticated());
            assertEquals(ClientState.CONNECTED, socket.state());

            JsonValue count = socket.invoke("ping", JsonValue.EMPTY_JSON_OBJECT).get(WAIT, TimeUnit.SECONDS);
            assertTrue(((JsonNumber) count).longValue() >= 1);
            JsonValue echoed = Json.createObjectBuilder().add("a", Json.createArrayBuilder().add(1).add(2)).build();
            assertEquals(echoed, socket.invoke("echo", echoed).get(WAIT, TimeUnit.SECONDS));
            assertEquals("TestError", failureName(socket.invoke("fail", null)));
            assertEquals("NoProcedureError", failureName(socket.invoke("nobodyHandlesThis", null)));
        }
    }

    @Test
    void transmitPingIsAnsweredWithAPongTransmit() throws Exception {
        try (ClientSocket socket = connected(ClientOptions.defaults())) {
            BlockingQueue<JsonValue> pongs = new LinkedBlockingQueue<>();
            socket.onTransmit("pong", pongs::add);
            socket.transmit("ping", Json.createObjectBuilder().add("param", "pong").build());
            long first = ((JsonNumber) next(pongs, "the first pong")).longValue();
            socket.transmit("ping", Json.createObjectBuilder().add("param", "pong").build());
            assertTrue(((JsonNumber) next(pongs, "the second pong")).longValue() > first);
        }
    }

    @Test
    void subscribeAndPublish() throws Exception {
        try (ClientSocket subscriber = connected(ClientOptions.defaults());
             ClientSocket publisher = connected(ClientOptions.defaults())) {
            BlockingQueue<JsonValue> messages = new LinkedBlockingQueue<>();
            ChannelSubscription news = subscriber.subscribe("java-news", (channel, data) -> messages.add(data));
            news.ready().get(WAIT, TimeUnit.SECONDS);

            publisher.publish("java-news", Json.createValue(1)).get(WAIT, TimeUnit.SECONDS);
            assertEquals(Json.createValue(1), next(messages, "the published message"));

            news.unsubscribe();
            // a marker channel subscribed after the unsubscribe proves the server processed it (frames keep order)
            BlockingQueue<JsonValue> markers = new LinkedBlockingQueue<>();
            subscriber.subscribe("java-marker", (channel, data) -> markers.add(data)).ready().get(WAIT, TimeUnit.SECONDS);
            publisher.publish("java-news", Json.createValue(2)).get(WAIT, TimeUnit.SECONDS);
            publisher.publish("java-marker", Json.createValue(3)).get(WAIT, TimeUnit.SECONDS);
            assertEquals(Json.createValue(3), next(markers, "the marker"));
            assertTrue(messages.isEmpty(), "nothing from java-news after unsubscribing: " + messages);
        }
    }

    @Test
    void aRefusedSubscriptionEndsWithTheServersError() throws Exception {
        try (ClientSocket socket = connected(ClientOptions.defaults())) {
            BlockingQueue<String> ended = new LinkedBlockingQueue<>();
            ChannelSubscription forbidden = socket.subscribe("forbidden", new ChannelListener() {
                @Override
                public void onMessage(String channel, JsonValue data) {
                }

                @Override
                public void onEnded(String channel, SocketGridException why) {
                    ended.add(why.name());
                }
            });
            assertEquals("ForbiddenError", failureName(forbidden.ready()));
            assertEquals("ForbiddenError", next(ended, "the end of the subscription"));
        }
    }

    /**
     * The server closes the subscriber's socket (4000, as a draining node does); two messages are published
     * while it is away (the reconnect waits 2 s: no jitter); after the reconnect the client recovers them,
     * each once and in order, before the live ones, and reports the recovery.
     */
    @Test
    void messagesPublishedWhileDisconnectedAreRecoveredAfterTheReconnect() throws Exception {
        ClientOptions slowReconnect = ClientOptions.builder().initialDelay(Duration.ofSeconds(2)).jitter(false).build();
        try (ClientSocket subscriber = connected(slowReconnect);
             ClientSocket publisher = connected(ClientOptions.defaults())) {
            BlockingQueue<String> events = new LinkedBlockingQueue<>();
            subscriber.addListener(new ConnectionListener() {
                @Override
                public void onConnect(Handshake handshake) {
                    events.add("connect");
                }

                @Override
                public void onDisconnect(int code, String reason) {
                    events.add("disconnect " + code);
                }

                @Override
                public void onReconnecting(int attempt, long delayMillis) {
                    events.add("reconnecting " + attempt + " after " + delayMillis);
                }
            });
            BlockingQueue<String> seen = new LinkedBlockingQueue<>();
            ChannelSubscription feed = subscriber.subscribe("java-feed", new ChannelListener() {
                @Override
                public void onMessage(String channel, JsonValue data) {
                    seen.add(data.toString());
                }

                @Override
                public void onRecovery(String channel, boolean recovered) {
                    seen.add("recovered " + recovered);
                }
            });
            feed.ready().get(WAIT, TimeUnit.SECONDS);
            publisher.publish("java-feed", Json.createValue(1)).get(WAIT, TimeUnit.SECONDS);
            assertEquals("1", next(seen, "message 1"));
            String firstId = subscriber.id();

            subscriber.transmit("closeMe", Json.createValue(4000));
            assertEquals("disconnect 4000", next(events, "the disconnect"));
            assertEquals("reconnecting 1 after 2000", next(events, "the scheduled reconnect"));
            publisher.publish("java-feed", Json.createValue(2)).get(WAIT, TimeUnit.SECONDS);
            publisher.publish("java-feed", Json.createValue(3)).get(WAIT, TimeUnit.SECONDS);
            assertEquals(ClientState.DISCONNECTED, subscriber.state(),
                    "the messages were published while the subscriber was away (its reconnect waits 2 s)");

            assertEquals("connect", next(events, "the reconnect"));
            assertNotEquals(firstId, subscriber.id(), "a new connection");
            assertEquals("2", next(seen, "recovered message 2"));
            assertEquals("3", next(seen, "recovered message 3"));
            assertEquals("recovered true", next(seen, "the recovery report"));
            publisher.publish("java-feed", Json.createValue(4)).get(WAIT, TimeUnit.SECONDS);
            assertEquals("4", next(seen, "live message 4"));
            assertTrue(seen.isEmpty(), "nothing twice: " + seen);
        }
    }

    /** Against a port where nothing listens: each failed attempt doubles the wait (no jitter), up to the maximum. */
    @Test
    void failedAttemptsBackOffExponentially() throws Exception {
        int closedPort;
        try (ServerSocket probe = new ServerSocket(0)) {
            closedPort = probe.getLocalPort();
        }
        ClientOptions options = ClientOptions.builder().initialDelay(Duration.ofMillis(50)).factor(2)
                .maxDelay(Duration.ofMillis(200)).jitter(false).build();
        BlockingQueue<String> attempts = new LinkedBlockingQueue<>();
        ConnectionListener recorder = new ConnectionListener() {
            @Override
            public void onReconnecting(int attempt, long delayMillis) {
                attempts.add(attempt + " after " + delayMillis);
            }
        };
        URI nobody = URI.create("ws://127.0.0.1:" + closedPort + "/socketcluster/");
        try (ClientSocket socket = client.connect(nobody, options, recorder)) {
            for (String attempt : List.of("1 after 50", "2 after 100", "3 after 200", "4 after 200")) {
                assertEquals(attempt, next(attempts, "attempt " + attempt));
            }
            assertEquals(ClientState.DISCONNECTED, socket.state());
        }
    }
}

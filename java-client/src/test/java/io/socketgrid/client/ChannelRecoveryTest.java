package io.socketgrid.client;

import io.socketgrid.client.protocol.ClientCodec;
import io.socketgrid.client.protocol.Position;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Subscriptions across reconnects: renewal with the last position, replay without duplicates, recovery report. */
class ChannelRecoveryTest {

    private final FakeTransport transport = new FakeTransport();
    private final ManualTimers timers = new ManualTimers();
    private final List<String> seen = new ArrayList<>();
    private ClientSocket socket;

    /** Records deliveries as "channel:data", recoveries as "recovery channel true|false", ends as "ended …". */
    private final ChannelListener recorder = new ChannelListener() {
        @Override
        public void onMessage(String channel, JsonValue data) {
            seen.add(channel + ":" + data);
        }

        @Override
        public void onRecovery(String channel, boolean recovered) {
            seen.add("recovery " + channel + " " + recovered);
        }

        @Override
        public void onEnded(String channel, SocketGridException why) {
            seen.add("ended " + channel + " " + why.name());
        }
    };

    @BeforeEach
    void connect() {
        SocketGridClient client = new SocketGridClient(new ClientRuntime(transport, timers, new ClientCodec(), () -> 0.0));
        socket = client.connect(URI.create("ws://127.0.0.1:1/socketcluster/"),
                ClientOptions.builder().initialDelay(Duration.ZERO).build());
    }

    private FakeTransport.Connection handshake(long cid) {
        FakeTransport.Connection connection = transport.last().accept();
        connection.next();
        connection.serverSends("{\"rid\":" + cid + ",\"data\":{\"id\":\"n.x\",\"pingTimeout\":20000,\"isAuthenticated\":false}}");
        return connection;
    }

    /** Handshakes the first connection and reads the {@code #subscribe} (cid 2) it sends at once. */
    private FakeTransport.Connection subscribing() {
        FakeTransport.Connection connection = handshake(1);
        connection.next();
        return connection;
    }

    /** {@link #subscribing()}, then the subscription confirmed at e1/40 and message 1 delivered at 41. */
    private FakeTransport.Connection subscribedAt40WithOneDelivery() {
        FakeTransport.Connection connection = subscribing();
        connection.serverSends("{\"rid\":2,\"data\":{\"epoch\":\"e1\",\"offset\":40}}");
        connection.serverSends(delivery("news", 1, 41));
        return connection;
    }

    private static String delivery(String channel, int data, long offset) {
        return delivery(channel, data, "e1", offset);
    }

    private static String delivery(String channel, int data, String epoch, long offset) {
        return "{\"event\":\"#publish\",\"data\":{\"channel\":\"" + channel + "\",\"data\":" + data
                + ",\"epoch\":\"" + epoch + "\",\"offset\":" + offset + "}}";
    }

    /** Loses the connection and lets the (zero-delay) reconnect open the next attempt. */
    private void reconnect(FakeTransport.Connection connection) {
        connection.serverCloses(4000, "draining");
        timers.advance(0);
    }

    @Test
    void aSubscriptionMadeWhileConnectingIsRequestedAtTheHandshake() {
        socket.subscribe("news", recorder);
        FakeTransport.Connection connection = handshake(1);
        assertEquals("{\"event\":\"#subscribe\",\"data\":{\"channel\":\"news\"},\"cid\":2}", connection.next());
        assertThrows(IllegalStateException.class, () -> socket.subscribe("news", recorder));
    }

    @Test
    void afterAReconnectTheChannelIsRecoveredFromTheLastPositionWithoutDuplicates() {
        ChannelSubscription news = socket.subscribe("news", recorder);
        FakeTransport.Connection first = subscribedAt40WithOneDelivery();

        reconnect(first);
        FakeTransport.Connection second = handshake(3);
        assertEquals("{\"event\":\"#subscribe\",\"data\":{\"channel\":\"news\",\"recover\":{\"epoch\":\"e1\",\"offset\":41}},\"cid\":4}",
                second.next());
        second.serverSends(delivery("news", 2, 42));
        second.serverSends(delivery("news", 3, 43));
        second.serverSends("{\"rid\":4,\"data\":{\"epoch\":\"e1\",\"offset\":43,\"recovered\":true}}");
        second.serverSends(delivery("news", 3, 43)); // delivered live as well: not twice
        second.serverSends(delivery("news", 4, 44));

        assertEquals(List.of("news:1", "news:2", "news:3", "recovery news true", "news:4"), seen);
        assertEquals(new Position("e1", 44), news.position());
    }

    @Test
    void messagesTheServerAnnouncesAsLostAreReportedOnceAndTheStreamGoesOnWithoutAReconnect() {
        ChannelSubscription news = socket.subscribe("news", recorder);
        FakeTransport.Connection connection = subscribedAt40WithOneDelivery();
        connection.serverSends("{\"event\":\"#gap\",\"data\":{\"channel\":\"news\",\"epoch\":\"e1\",\"from\":42,\"to\":50}}");
        assertEquals(new Position("e1", 50), news.position(), "a reconnect now recovers from after the lost ones");
        connection.serverSends(delivery("news", 2, 51));
        // a gap this subscription is already past, and one of another channel, change nothing
        connection.serverSends("{\"event\":\"#gap\",\"data\":{\"channel\":\"news\",\"epoch\":\"e1\",\"from\":45,\"to\":49}}");
        connection.serverSends("{\"event\":\"#gap\",\"data\":{\"channel\":\"other\",\"epoch\":\"e1\",\"from\":1,\"to\":2}}");

        assertEquals(List.of("news:1", "recovery news false", "news:2"), seen);
        assertEquals(new Position("e1", 51), news.position());
    }

    @Test
    void anUnrecoverableGapIsReportedAndTheStreamStartsOverAtTheServersPosition() {
        ChannelSubscription news = socket.subscribe("news", recorder);
        FakeTransport.Connection first = subscribing();
        first.serverSends("{\"rid\":2,\"data\":{\"epoch\":\"e1\",\"offset\":5}}");

        reconnect(first);
        FakeTransport.Connection second = handshake(3);
        second.next();
        second.serverSends("{\"rid\":4,\"data\":{\"epoch\":\"e2\",\"offset\":0,\"recovered\":false}}");
        second.serverSends(delivery("news", 9, "e2", 1));

        assertEquals(List.of("recovery news false", "news:9"), seen);
        assertEquals(new Position("e2", 1), news.position());
    }

    @Test
    void unsubscribeStopsDeliveriesAndIsNotRenewed() {
        ChannelSubscription news = socket.subscribe("news", recorder);
        FakeTransport.Connection first = subscribing();
        news.unsubscribe();
        assertEquals("{\"event\":\"#unsubscribe\",\"data\":\"news\"}", first.next());
        first.serverSends(delivery("news", 1, 1));
        news.unsubscribe();

        reconnect(first);
        FakeTransport.Connection second = handshake(3);
        second.nothingMore();
        assertTrue(seen.isEmpty());
    }

    @Test
    void aRefusedSubscriptionEndsAndIsNotRenewed() {
        ChannelSubscription secret = socket.subscribe("private.x", recorder);
        FakeTransport.Connection first = subscribing();
        first.serverSends("{\"rid\":2,\"error\":{\"name\":\"AuthError\",\"message\":\"log in first\"}}");

        assertEquals(List.of("ended private.x AuthError"), seen);
        assertTrue(secret.ready().isCompletedExceptionally());
        reconnect(first);
        handshake(3).nothingMore();
    }

    @Test
    void aKickOutEndsTheSubscription() {
        socket.subscribe("private.x", recorder);
        FakeTransport.Connection first = subscribing();
        first.serverSends("{\"event\":\"#kickOut\",\"data\":{\"channel\":\"private.x\",\"message\":\"logged out\"}}");
        first.serverSends(delivery("private.x", 1, 1));
        assertEquals(List.of("ended private.x KickOut"), seen);
    }
}

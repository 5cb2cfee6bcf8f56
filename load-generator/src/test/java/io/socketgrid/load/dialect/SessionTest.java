package io.socketgrid.load.dialect;

import jakarta.json.Json;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The dialect sessions against a recording wire and a hand-set clock: what they send and what they report. */
class SessionTest {

    private final RecordingEvents events = new RecordingEvents();
    private final RecordingWire wire = new RecordingWire();
    private long now = 1000;

    private Session open(Dialect dialect) {
        Session session = dialect.newSession(0, events, () -> now);
        session.opened(wire);
        return session;
    }

    @Test
    void socketClusterHandshakePingAndHeartbeat() {
        Session session = open(Dialect.SOCKETCLUSTER);
        assertEquals(List.of("{\"event\":\"#handshake\",\"data\":{},\"cid\":1}"), wire.sent);
        assertFalse(session.invoke("ping", JsonValue.NULL, events), "no calls before the handshake");

        session.text("{\"rid\":1,\"data\":{\"id\":\"abc\",\"pingTimeout\":20000,\"isAuthenticated\":false}}");
        assertEquals(List.of("ready"), events.heard);

        assertTrue(session.invoke("ping", Json.createObjectBuilder().add("param", "pong").build(), events));
        assertEquals("{\"event\":\"ping\",\"data\":{\"param\":\"pong\"},\"cid\":2}", wire.last());
        assertEquals(1, session.awaiting());
        now += 2500;
        session.text("{\"rid\":2,\"data\":7}");
        assertEquals("answered 7 in 2500", events.heard.get(1));
        assertEquals(0, session.awaiting());

        session.text("");
        assertEquals("", wire.last(), "the heartbeat is answered");
        session.text("#1");
        assertEquals("#2", wire.last(), "and v1's");
    }

    @Test
    void socketClusterErrorsDeliveriesAndEnd() {
        Session session = open(Dialect.SOCKETGRID);
        session.text("{\"rid\":1,\"data\":{\"id\":\"abc\"}}");
        session.subscribe("news", events);
        assertEquals("{\"event\":\"#subscribe\",\"data\":{\"channel\":\"news\"},\"cid\":2}", wire.last());
        session.publish("news", Json.createValue(5), events);
        assertEquals("{\"event\":\"#publish\",\"data\":{\"channel\":\"news\",\"data\":5},\"cid\":3}", wire.last());
        session.text("{\"rid\":2,\"error\":{\"name\":\"AuthError\",\"message\":\"no\"}}");
        session.text("{\"event\":\"#publish\",\"data\":{\"channel\":\"news\",\"data\":5,\"epoch\":\"e\",\"offset\":1}}");
        session.text("{\"event\":\"pong\",\"data\":3}");
        session.invoke("ping", JsonValue.NULL, events);
        session.closed(1006, "gone");
        assertEquals(List.of("ready", "failed AuthError", "delivered news 5", "event pong 3", "ended 1006 gone"), events.heard);
        assertEquals(2, session.unanswered(), "the publish and the ping");
        assertTrue(session.wasReady());
        assertFalse(session.isReady());
    }

    @Test
    void socketClusterRefusedHandshake() {
        Session session = open(Dialect.SOCKETCLUSTER);
        session.text("{\"rid\":1,\"error\":{\"name\":\"AuthTokenInvalidError\",\"message\":\"bad\"}}");
        assertEquals(List.of("abort"), wire.actions);
        assertEquals(List.of("ended 4008 refused: AuthTokenInvalidError: bad"), events.heard);
        assertFalse(session.wasReady());
    }

    @Test
    void socketIoOpensAnswersPingsAndAcks() {
        Session session = open(Dialect.SOCKETIO);
        assertTrue(wire.sent.isEmpty(), "the server speaks first");
        session.text("0{\"sid\":\"s\",\"upgrades\":[],\"pingInterval\":25000,\"pingTimeout\":20000,\"maxPayload\":1000000}");
        assertEquals(List.of("40"), wire.sent);
        session.text("40{\"sid\":\"n\"}");
        assertEquals(List.of("ready"), events.heard);

        session.invoke("ping", Json.createObjectBuilder().add("param", "pong").build(), events);
        assertEquals("420[\"ping\",{\"param\":\"pong\"}]", wire.last());
        now += 300;
        session.text("430[12]");
        assertEquals("answered 12 in 300", events.heard.get(1));

        session.text("2");
        assertEquals("3", wire.last());

        session.subscribe("room", events);
        assertEquals("421[\"subscribe\",\"room\"]", wire.last());
        session.publish("room", Json.createValue(1), events);
        assertEquals("422[\"publish\",{\"channel\":\"room\",\"data\":1}]", wire.last());
        session.text("42[\"publish\",{\"channel\":\"room\",\"data\":1}]");
        assertEquals("delivered room 1", events.heard.get(2));
        session.text("425[\"question\"]");
        assertEquals("435[]", wire.last(), "a server event that wants an ack gets one");
        session.text("42[\"pong\",4]");
        assertEquals("event pong 4", events.heard.get(4));
    }

    @Test
    void socketIoConnectErrorRefuses() {
        Session session = open(Dialect.SOCKETIO);
        session.text("0{\"sid\":\"s\"}");
        session.text("44{\"message\":\"nope\"}");
        assertTrue(events.heard.get(0).startsWith("ended 1008 refused: connect error"), events.heard.toString());
        assertFalse(session.wasReady());
    }

    @Test
    void socketIoUrlGetsItsQuery() {
        assertEquals("ws://h:1/socket.io/?EIO=4&transport=websocket",
                Dialect.SOCKETIO.target(java.net.URI.create("ws://h:1/socket.io/")).toString());
        assertEquals("ws://h:1/x/?a=b&EIO=4&transport=websocket",
                Dialect.SOCKETIO.target(java.net.URI.create("ws://h:1/x/?a=b")).toString());
        assertEquals("ws://h:1/socket.io/?EIO=4&transport=websocket",
                Dialect.SOCKETIO.target(java.net.URI.create("ws://h:1/socket.io/?EIO=4&transport=websocket")).toString());
        assertEquals("https://h:8443/app/socketgrid/metrics",
                Dialect.SOCKETGRID.metricsUri(java.net.URI.create("wss://h:8443/app/socketcluster/")).toString());
        assertEquals(null, Dialect.SOCKETCLUSTER.metricsUri(java.net.URI.create("ws://h/socketcluster/")));
    }
}

package io.socketgrid.load.dialect;

import jakarta.json.Json;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.socketgrid.load.dialect.SocketIoPacket.Type.ACK;
import static io.socketgrid.load.dialect.SocketIoPacket.Type.BINARY;
import static io.socketgrid.load.dialect.SocketIoPacket.Type.CLOSE;
import static io.socketgrid.load.dialect.SocketIoPacket.Type.CONNECT;
import static io.socketgrid.load.dialect.SocketIoPacket.Type.CONNECT_ERROR;
import static io.socketgrid.load.dialect.SocketIoPacket.Type.DISCONNECT;
import static io.socketgrid.load.dialect.SocketIoPacket.Type.EVENT;
import static io.socketgrid.load.dialect.SocketIoPacket.Type.INVALID;
import static io.socketgrid.load.dialect.SocketIoPacket.Type.NOOP;
import static io.socketgrid.load.dialect.SocketIoPacket.Type.OPEN;
import static io.socketgrid.load.dialect.SocketIoPacket.Type.PING;
import static io.socketgrid.load.dialect.SocketIoPacket.Type.PONG;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** engine.io v4 / Socket.IO v4 framing, both ways, no network. */
class SocketIoCodecTest {

    private final SocketIoCodec codec = new SocketIoCodec(JsonProvider.provider());

    @Test
    void engineIoPackets() {
        SocketIoPacket open = codec.decode("0{\"sid\":\"abc\",\"upgrades\":[],\"pingInterval\":25000,\"pingTimeout\":20000,\"maxPayload\":1000000}");
        assertEquals(OPEN, open.type());
        assertEquals(25000, open.payload().asJsonObject().getInt("pingInterval"));
        assertEquals(CLOSE, codec.decode("1").type());
        assertEquals(PING, codec.decode("2").type());
        assertEquals(PONG, codec.decode("3").type());
        assertEquals(NOOP, codec.decode("6").type());
        for (String bad : List.of("", "9", "0{not json")) {
            assertEquals(INVALID, codec.decode(bad).type(), bad);
        }
    }

    @Test
    void socketIoPackets() {
        SocketIoPacket connected = codec.decode("40{\"sid\":\"xyz\"}");
        assertEquals(CONNECT, connected.type());
        assertEquals("/", connected.namespace());
        assertEquals("xyz", connected.payload().asJsonObject().getString("sid"));
        assertEquals(DISCONNECT, codec.decode("41").type());

        SocketIoPacket pong = codec.decode("42[\"pong\",17]");
        assertEquals(EVENT, pong.type());
        assertEquals(-1, pong.ackId());
        assertEquals(Json.createArrayBuilder().add("pong").add(17).build(), pong.payload());

        SocketIoPacket wantsAck = codec.decode("4212[\"hello\"]");
        assertEquals(EVENT, wantsAck.type());
        assertEquals(12, wantsAck.ackId());

        SocketIoPacket ack = codec.decode("437[42]");
        assertEquals(ACK, ack.type());
        assertEquals(7, ack.ackId());
        assertEquals(Json.createArrayBuilder().add(42).build(), ack.payload());

        SocketIoPacket refused = codec.decode("44{\"message\":\"Not authorized\"}");
        assertEquals(CONNECT_ERROR, refused.type());
        assertEquals("Not authorized", refused.payload().asJsonObject().getString("message"));

        assertEquals(BINARY, codec.decode("451-[\"upload\",{\"_placeholder\":true,\"num\":0}]").type());
    }

    @Test
    void namespacesAndAckIds() {
        SocketIoPacket event = codec.decode("42/admin,3[\"stats\",{}]");
        assertEquals(EVENT, event.type());
        assertEquals("/admin", event.namespace());
        assertEquals(3, event.ackId());
        assertEquals("/admin", codec.decode("40/admin,").namespace());
        assertEquals("/admin", codec.decode("40/admin").namespace());
    }

    @Test
    void malformedSocketIoPacketsAreInvalid() {
        // no packet; an unknown type; an event that is no array, or whose first element is no name; an ack
        // without its id; data after the JSON
        for (String bad : List.of("4", "49", "42{\"not\":\"an array\"}", "42[17]", "42[]", "43[1]", "42[\"a\"] trailing")) {
            assertEquals(INVALID, codec.decode(bad).type(), bad);
        }
    }

    @Test
    void encodesWhatTheClientSends() {
        assertEquals("3", codec.pong());
        assertEquals("40", codec.connect());
        assertEquals("42[\"ping\",{\"param\":\"pong\"}]",
                codec.event("ping", Json.createObjectBuilder().add("param", "pong").build(), -1));
        assertEquals("420[\"ping\",{\"param\":\"pong\"}]",
                codec.event("ping", Json.createObjectBuilder().add("param", "pong").build(), 0));
        assertEquals("4231[\"subscribe\",\"news\"]", codec.event("subscribe", Json.createValue("news"), 31));
        assertEquals("42[\"bare\"]", codec.event("bare", null, -1));
        assertEquals("435[]", codec.ack(5));
    }

    @Test
    void whatItEncodesItReads() {
        String frame = codec.event("publish", Json.createObjectBuilder().add("channel", "c").add("data", JsonValue.TRUE).build(), 99);
        SocketIoPacket read = codec.decode(frame);
        assertEquals(EVENT, read.type());
        assertEquals(99, read.ackId());
        assertEquals("publish", read.payload().asJsonArray().getString(0));
    }
}

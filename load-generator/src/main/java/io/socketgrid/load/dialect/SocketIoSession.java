package io.socketgrid.load.dialect;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.util.function.LongSupplier;

/**
 * Socket.IO v4 over engine.io v4 on a plain WebSocket (see {@link SocketIoCodec}), as the peer server
 * scripts/bench/peers/socketio.mjs and scripts/bench/dialect.mjs speak it:
 * <ul>
 *   <li>open: the server sends the engine.io open {@code 0{…}}, the session answers {@code 40} (connect to
 *       "/"), the server confirms {@code 40{"sid":…}} (or refuses with {@code 44{…}});</li>
 *   <li>heartbeat: the server's {@code 2} answered {@code 3};</li>
 *   <li>calls: events with an ack, {@code 42<id>["ping",{…}]} answered {@code 43<id>[N]} (the peer's ping
 *       handler acknowledges with its count when an ack is wanted, and emits {@code pong} otherwise);</li>
 *   <li>channels (the peer's rooms): {@code 42<id>["subscribe","C"]} joins room C,
 *       {@code 42<id>["publish",{"channel":C,"data":D}]} emits {@code 42["publish",{"channel":C,"data":D}]} to
 *       the room; both acknowledged.</li>
 * </ul>
 * An event of the server that wants an ack is acknowledged without arguments. Binary packets are not supported.
 */
final class SocketIoSession extends Session {

    private final SocketIoCodec codec;

    SocketIoSession(int index, SessionEvents events, LongSupplier clock, SocketIoCodec codec) {
        super(index, events, clock, 0);
        this.codec = codec;
    }

    @Override
    protected void start() {
        // the server speaks first: the engine.io open packet
    }

    @Override
    protected void received(String message) {
        SocketIoPacket packet = codec.decode(message);
        switch (packet.type()) {
            case PING -> send(codec.pong());
            case OPEN -> send(codec.connect());
            case CONNECT -> {
                if (!wasReady()) {
                    open();
                }
            }
            case CONNECT_ERROR -> refuse(1008, "connect error " + packet.payload());
            case ACK -> answer(packet.ackId(), first(packet.payload()));
            case EVENT -> event(packet);
            case DISCONNECT, CLOSE -> close();
            case PONG, NOOP -> {
                // nothing to do
            }
            case BINARY -> events.event(this, "#invalid", codec.json().createValue("binary Socket.IO packets are not supported"));
            case INVALID -> events.event(this, "#invalid", codec.json().createValue(packet.detail()));
        }
    }

    private void event(SocketIoPacket packet) {
        JsonArray args = packet.payload().asJsonArray();
        String name = ((JsonString) args.get(0)).getString();
        JsonValue data = args.size() > 1 ? args.get(1) : JsonValue.NULL;
        if (packet.ackId() >= 0) {
            send(codec.ack(packet.ackId()));
        }
        if ("publish".equals(name) && data instanceof JsonObject message && message.get("channel") instanceof JsonString channel) {
            events.delivered(this, channel.getString(), message.getOrDefault("data", JsonValue.NULL));
        } else {
            events.event(this, name, data);
        }
    }

    private static JsonValue first(JsonValue args) {
        return args instanceof JsonArray array && !array.isEmpty() ? array.get(0) : JsonValue.NULL;
    }

    @Override
    protected String encodeCall(String event, JsonValue data, long id) {
        return codec.event(event, data, id);
    }

    @Override
    protected String encodeTransmit(String event, JsonValue data) {
        return codec.event(event, data, -1);
    }

    @Override
    public boolean subscribe(String channel, Answer answer) {
        return invoke("subscribe", codec.json().createValue(channel), answer);
    }

    @Override
    public boolean publish(String channel, JsonValue data, Answer answer) {
        return invoke("publish", codec.json().createObjectBuilder().add("channel", channel).add("data", data).build(), answer);
    }
}

package io.socketgrid.load.dialect;

import io.socketgrid.client.protocol.ClientCodec;
import io.socketgrid.client.protocol.FrameSink;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.util.function.LongSupplier;

/**
 * SocketCluster protocol v2, as SocketGrid and socketcluster-server 20 speak it (docs/PROTOCOL.md; the same
 * semantics as scripts/bench/dialect.mjs), with the Java client's {@link ClientCodec}:
 * <ul>
 *   <li>open: {@code {"event":"#handshake","data":{},"cid":1}}, answered {@code {"rid":1,"data":{"id":…}}}
 *       (or an error: the session is refused);</li>
 *   <li>heartbeat: {@code ""} answered {@code ""} (and v1's {@code #1} with {@code #2});</li>
 *   <li>calls: {@code {"event":E,"data":D,"cid":N}} answered {@code {"rid":N,"data":…}} or
 *       {@code {"rid":N,"error":{"name":…}}};</li>
 *   <li>channels: {@code #subscribe} {@code {"channel":C}} and {@code #publish} {@code {"channel":C,"data":D}}
 *       as invokes; deliveries {@code {"event":"#publish","data":{"channel":C,"data":D,…}}}.</li>
 * </ul>
 */
final class SocketClusterSession extends Session implements FrameSink {

    private static final long HANDSHAKE_CID = 1;

    private final ClientCodec codec;

    SocketClusterSession(int index, SessionEvents events, LongSupplier clock, ClientCodec codec) {
        super(index, events, clock, HANDSHAKE_CID + 1);
        this.codec = codec;
    }

    @Override
    protected void start() {
        send(codec.encodeInvoke("#handshake", JsonValue.EMPTY_JSON_OBJECT, HANDSHAKE_CID));
    }

    @Override
    protected void received(String message) {
        if ("#1".equals(message)) {
            send("#2");
            return;
        }
        codec.decode(message, this);
    }

    @Override
    protected String encodeCall(String event, JsonValue data, long id) {
        return codec.encodeInvoke(event, data, id);
    }

    @Override
    protected String encodeTransmit(String event, JsonValue data) {
        return codec.encodeTransmit(event, data);
    }

    @Override
    public boolean subscribe(String channel, Answer answer) {
        return invoke("#subscribe", codec.subscribeData(channel, null), answer);
    }

    @Override
    public boolean publish(String channel, JsonValue data, Answer answer) {
        return invoke("#publish", codec.publishData(channel, data), answer);
    }

    // ---- FrameSink

    @Override
    public void heartbeat() {
        send(ClientCodec.HEARTBEAT);
    }

    @Override
    public void event(String event, JsonValue data, long cid) {
        if ("#publish".equals(event) && data instanceof JsonObject message
                && message.get("channel") instanceof JsonString channel) {
            events.delivered(this, channel.getString(), message.getOrDefault("data", JsonValue.NULL));
        } else if (cid != ClientCodec.NO_CID) {
            send(codec.encodeError(cid, "NoProcedureError", "a load client has no procedures"));
        } else {
            events.event(this, event, data);
        }
    }

    @Override
    public void response(long rid, JsonValue data) {
        if (rid == HANDSHAKE_CID && !wasReady()) {
            open();
        } else {
            answer(rid, data);
        }
    }

    @Override
    public void errorResponse(long rid, String name, String message) {
        if (rid == HANDSHAKE_CID && !wasReady()) {
            refuse(4008, name + ": " + message);
        } else {
            fail(rid, name, message);
        }
    }

    @Override
    public void invalid(String detail) {
        events.event(this, "#invalid", codec.json().createValue(detail));
    }
}

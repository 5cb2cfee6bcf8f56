package io.socketgrid.load.dialect;

import jakarta.json.JsonArray;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import jakarta.json.stream.JsonGenerator;
import jakarta.json.stream.JsonParser;

import java.io.StringReader;
import java.io.StringWriter;

/**
 * engine.io v4 framing with Socket.IO v4 (protocol 5) inside, over a plain WebSocket
 * ({@code /socket.io/?EIO=4&transport=websocket}), text packets only:
 * <pre>
 *   engine.io   &lt;type&gt;[data]             0 open {…}, 1 close, 2 ping, 3 pong, 4 message, 6 noop
 *   socket.io   4&lt;type&gt;[&lt;n&gt;-][/ns,][&lt;ack id&gt;][json]   0 connect, 1 disconnect, 2 event, 3 ack, 4 connect error
 * </pre>
 * e.g. {@code 0{"sid":"…","pingInterval":25000,…}}, {@code 40}, {@code 40{"sid":"…"}},
 * {@code 42["ping",{"param":"pong"}]}, {@code 427["ping",{…}]} (ack 7 wanted), {@code 437[12]}, {@code 2} → {@code 3}.
 * JSON through JSON-P. Thread-safe; share one.
 */
public final class SocketIoCodec {

    private final JsonProvider json;

    /** @param json the provider every message is read and written with (look it up once: a lookup scans services) */
    public SocketIoCodec(JsonProvider json) {
        this.json = json;
    }

    public JsonProvider json() {
        return json;
    }

    /** Reads one text message; never throws: what cannot be read is {@link SocketIoPacket.Type#INVALID}. */
    public SocketIoPacket decode(String message) {
        if (message.isEmpty()) {
            return SocketIoPacket.invalid("an empty message");
        }
        switch (message.charAt(0)) {
            case '0':
                return withJson(SocketIoPacket.Type.OPEN, "", -1, message, 1);
            case '1':
                return SocketIoPacket.of(SocketIoPacket.Type.CLOSE);
            case '2':
                return SocketIoPacket.of(SocketIoPacket.Type.PING);
            case '3':
                return SocketIoPacket.of(SocketIoPacket.Type.PONG);
            case '4':
                return socketIo(message);
            case '6':
                return SocketIoPacket.of(SocketIoPacket.Type.NOOP);
            default:
                return SocketIoPacket.invalid("unknown engine.io packet type: " + start(message));
        }
    }

    private SocketIoPacket socketIo(String message) {
        if (message.length() < 2) {
            return SocketIoPacket.invalid("an engine.io message without a Socket.IO packet");
        }
        SocketIoPacket.Type type = switch (message.charAt(1)) {
            case '0' -> SocketIoPacket.Type.CONNECT;
            case '1' -> SocketIoPacket.Type.DISCONNECT;
            case '2' -> SocketIoPacket.Type.EVENT;
            case '3' -> SocketIoPacket.Type.ACK;
            case '4' -> SocketIoPacket.Type.CONNECT_ERROR;
            case '5', '6' -> SocketIoPacket.Type.BINARY;
            default -> SocketIoPacket.Type.INVALID;
        };
        if (type == SocketIoPacket.Type.INVALID) {
            return SocketIoPacket.invalid("unknown Socket.IO packet type: " + start(message));
        }
        if (type == SocketIoPacket.Type.BINARY) {
            return SocketIoPacket.of(type);
        }
        int at = 2;
        String namespace = "/";
        if (at < message.length() && message.charAt(at) == '/') {
            int comma = message.indexOf(',', at);
            if (comma < 0) {
                namespace = message.substring(at);
                at = message.length();
            } else {
                namespace = message.substring(at, comma);
                at = comma + 1;
            }
        }
        long ackId = -1;
        int digits = at;
        while (digits < message.length() && Character.isDigit(message.charAt(digits)) && digits - at < 18) {
            digits++;
        }
        if (digits > at) {
            ackId = Long.parseLong(message, at, digits, 10);
            at = digits;
        }
        SocketIoPacket packet = withJson(type, namespace, ackId, message, at);
        if (packet.type() == SocketIoPacket.Type.INVALID) {
            return packet;
        }
        if ((type == SocketIoPacket.Type.EVENT && !(packet.payload() instanceof JsonArray array && !array.isEmpty()
                && array.get(0).getValueType() == JsonValue.ValueType.STRING))
                || (type == SocketIoPacket.Type.ACK && (ackId < 0 || !(packet.payload() instanceof JsonArray)))) {
            return SocketIoPacket.invalid("a malformed " + type + " packet: " + start(message));
        }
        return packet;
    }

    private SocketIoPacket withJson(SocketIoPacket.Type type, String namespace, long ackId, String message, int from) {
        if (from >= message.length()) {
            return new SocketIoPacket(type, namespace, ackId, JsonValue.NULL, null);
        }
        try (JsonParser parser = json.createParser(new StringReader(message.substring(from)))) {
            parser.next();
            JsonValue value = parser.getValue();
            if (parser.hasNext()) {
                return SocketIoPacket.invalid("data after the JSON value: " + start(message));
            }
            return new SocketIoPacket(type, namespace, ackId, value, null);
        } catch (RuntimeException e) {
            return SocketIoPacket.invalid("not JSON (" + e.getMessage() + "): " + start(message));
        }
    }

    /** {@code 3}: the answer to the server's engine.io ping. */
    public String pong() {
        return "3";
    }

    /** {@code 40}: connect to the main namespace. */
    public String connect() {
        return "40";
    }

    /**
     * {@code 42[<ack id>]["event",data]}: an event, with an ack wanted when {@code ackId} ≥ 0; {@code data} is
     * left out when null.
     */
    public String event(String event, JsonValue data, long ackId) {
        StringWriter out = new StringWriter(64);
        out.write("42");
        if (ackId >= 0) {
            out.write(Long.toString(ackId));
        }
        try (JsonGenerator g = json.createGenerator(out)) {
            g.writeStartArray().write(event);
            if (data != null) {
                g.write(data);
            }
            g.writeEnd();
        }
        return out.toString();
    }

    /** {@code 43<ack id>[]}: acknowledges the server's event without arguments. */
    public String ack(long ackId) {
        StringWriter out = new StringWriter(16);
        out.write("43");
        out.write(Long.toString(ackId));
        try (JsonGenerator g = json.createGenerator(out)) {
            g.writeStartArray().writeEnd();
        }
        return out.toString();
    }

    private static String start(String text) {
        return text.length() <= 100 ? text : text.substring(0, 100) + "…";
    }
}

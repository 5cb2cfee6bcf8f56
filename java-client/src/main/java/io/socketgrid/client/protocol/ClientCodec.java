package io.socketgrid.client.protocol;

import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import jakarta.json.stream.JsonGenerator;
import jakarta.json.stream.JsonGeneratorFactory;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParserFactory;

import java.io.StringReader;
import java.io.StringWriter;
import java.util.Map;

/**
 * Encodes the frames a client sends and decodes what a SocketGrid (or SocketCluster v2) server sends, with
 * JSON-P. Thread-safe and meant to be shared by every socket of a JVM: the provider and its factories are
 * looked up once, because a provider lookup costs a service-loader scan.
 *
 * <p>The server's {@code io.socketgrid.protocol.FrameCodec} is not reused: the server module's jar brings
 * HdrHistogram and nimbus-jose-jwt at compile scope and classes compiled against the Jakarta EE APIs, none of
 * which a client needs; the client's side of the protocol (decode responses and deliveries, encode invokes)
 * is this one small class.
 */
public final class ClientCodec {

    /** Marks a frame without a call id. */
    public static final long NO_CID = -1;
    /** The heartbeat, in both directions. */
    public static final String HEARTBEAT = "";

    private final JsonProvider json;
    private final JsonParserFactory parsers;
    private final JsonGeneratorFactory generators;

    public ClientCodec() {
        this(JsonProvider.provider());
    }

    public ClientCodec(JsonProvider json) {
        this.json = json;
        this.parsers = json.createParserFactory(Map.of());
        this.generators = json.createGeneratorFactory(Map.of());
    }

    /** The provider, for callers that build {@link JsonValue}s without another lookup. */
    public JsonProvider json() {
        return json;
    }

    /**
     * Hands every frame of one text message to {@code sink}, in order: one frame, or each element of a batch.
     * Never throws for bad input: what cannot be read reaches {@link FrameSink#invalid}.
     */
    public void decode(String message, FrameSink sink) {
        if (message.isEmpty()) {
            sink.heartbeat();
            return;
        }
        JsonValue value;
        try (JsonParser parser = parsers.createParser(new StringReader(message))) {
            parser.next();
            value = parser.getValue();
            if (parser.hasNext()) {
                sink.invalid("data after the JSON value: " + start(message));
                return;
            }
        } catch (RuntimeException e) {
            sink.invalid("not JSON (" + e.getMessage() + "): " + start(message));
            return;
        }
        if (value instanceof JsonArray batch) {
            for (JsonValue element : batch) {
                frame(element, sink);
            }
        } else {
            frame(value, sink);
        }
    }

    private static void frame(JsonValue value, FrameSink sink) {
        if (value instanceof JsonString s && s.getString().isEmpty()) {
            sink.heartbeat();
        } else if (!(value instanceof JsonObject object)) {
            sink.invalid("not a frame: " + start(value.toString()));
        } else if (object.get("event") instanceof JsonString event && !event.getString().isEmpty()) {
            long cid = object.containsKey("cid") ? callId(object.get("cid")) : NO_CID;
            sink.event(event.getString(), object.getOrDefault("data", JsonValue.NULL), cid);
        } else if (object.containsKey("rid") && callId(object.get("rid")) != NO_CID) {
            response(object, callId(object.get("rid")), sink);
        } else {
            sink.invalid("neither an event nor a response: " + start(object.toString()));
        }
    }

    private static void response(JsonObject object, long rid, FrameSink sink) {
        JsonValue error = object.get("error");
        if (error == null || error == JsonValue.NULL) {
            sink.response(rid, object.getOrDefault("data", JsonValue.NULL));
        } else if (error instanceof JsonObject named) {
            sink.errorResponse(rid, text(named.get("name"), "Error"), text(named.get("message"), ""));
        } else {
            sink.errorResponse(rid, "Error", error instanceof JsonString s ? s.getString() : error.toString());
        }
    }

    private static String text(JsonValue value, String absent) {
        return value instanceof JsonString s ? s.getString() : absent;
    }

    /** The call id a JSON value denotes, or {@link #NO_CID} when it is not a non-negative integer. */
    private static long callId(JsonValue value) {
        if (value instanceof JsonNumber number && number.isIntegral()) {
            try {
                long id = number.longValueExact();
                return id >= 0 ? id : NO_CID;
            } catch (ArithmeticException tooLarge) {
                return NO_CID;
            }
        }
        return NO_CID;
    }

    private static String start(String text) {
        return text.length() <= 100 ? text : text.substring(0, 100) + "…";
    }

    /** {@code {"event":event,"data":data}}; {@code data} is left out when null. */
    public String encodeTransmit(String event, JsonValue data) {
        return encodeEvent(event, data, NO_CID);
    }

    /** {@code {"event":event,"data":data,"cid":cid}}; {@code data} is left out when null. */
    public String encodeInvoke(String event, JsonValue data, long cid) {
        return encodeEvent(event, data, cid);
    }

    private String encodeEvent(String event, JsonValue data, long cid) {
        StringWriter out = new StringWriter(64);
        try (JsonGenerator g = generators.createGenerator(out)) {
            g.writeStartObject().write("event", event);
            if (data != null) {
                g.write("data", data);
            }
            if (cid != NO_CID) {
                g.write("cid", cid);
            }
            g.writeEnd();
        }
        return out.toString();
    }

    /** The client's answer to an invoke of the server: {@code {"rid":rid,"error":{"name":…,"message":…}}}. */
    public String encodeError(long rid, String name, String message) {
        StringWriter out = new StringWriter(96);
        try (JsonGenerator g = generators.createGenerator(out)) {
            g.writeStartObject().write("rid", rid)
                    .writeStartObject("error").write("name", name).write("message", message).writeEnd()
                    .writeEnd();
        }
        return out.toString();
    }

    /** The data of {@code #handshake}: {@code {"authToken":token}} ({@code null} when there is none). */
    public JsonObject handshakeData(String authToken) {
        return json.createObjectBuilder()
                .add("authToken", authToken == null ? JsonValue.NULL : json.createValue(authToken))
                .build();
    }

    /**
     * The data of {@code #subscribe}: {@code {"channel":name}}, plus {@code "recover":{"epoch":…,"offset":…}}
     * when {@code since} is known (SocketGrid's recovery extension).
     */
    public JsonObject subscribeData(String channel, Position since) {
        var builder = json.createObjectBuilder().add("channel", channel);
        if (since != null) {
            builder.add("recover", json.createObjectBuilder().add("epoch", since.epoch()).add("offset", since.offset()));
        }
        return builder.build();
    }

    /** The data of {@code #publish}: {@code {"channel":name,"data":data}}. */
    public JsonObject publishData(String channel, JsonValue data) {
        return json.createObjectBuilder().add("channel", channel).add("data", data == null ? JsonValue.NULL : data).build();
    }
}

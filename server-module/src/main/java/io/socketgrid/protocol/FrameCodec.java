package io.socketgrid.protocol;

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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Encodes and decodes SocketCluster protocol v2 text frames with JSON-P.
 *
 * <p>Thread-safe and meant to be shared: the JSON provider and its factories are looked up once, at
 * construction, because a provider lookup per message costs a service-loader scan.
 */
public final class FrameCodec {

    /** The heartbeat message of protocol v2, in both directions. */
    public static final String HEARTBEAT = "";

    /**
     * The deepest nesting of arrays and objects a text message may have (a batch counts as one level); a deeper
     * one is {@link InvalidFrameKind#TOO_DEEP}. Checked here, before parsing, so that the bound does not depend
     * on the JSON-P provider (a recursive parser without a limit of its own would overflow the stack). 1000 is
     * also Parsson's own limit, so no message Parsson accepted before is refused now.
     */
    public static final int MAX_DEPTH = 1000;

    private final JsonProvider json;
    private final JsonParserFactory parsers;
    private final JsonGeneratorFactory generators;

    public FrameCodec() {
        this(JsonProvider.provider());
    }

    public FrameCodec(JsonProvider json) {
        this.json = json;
        this.parsers = json.createParserFactory(Map.of());
        this.generators = json.createGeneratorFactory(Map.of());
    }

    /** The JSON provider this codec uses, for callers that build {@link JsonValue}s on the hot path. */
    public JsonProvider json() {
        return json;
    }

    /**
     * Decodes one text message into its frames: one frame, or one per element of a batch, in order.
     * Never throws and never returns an empty list. The work is linear in the message's length: nesting is
     * bounded by {@link #MAX_DEPTH}, and a batch by the message's length (each element takes at least two
     * characters).
     */
    public List<InboundFrame> decode(String message) {
        if (message.isEmpty()) {
            return List.of(new InboundFrame.Heartbeat());
        }
        if (nestedDeeperThan(message, MAX_DEPTH)) {
            return List.of(invalid(InvalidFrameKind.TOO_DEEP, "nested deeper than " + MAX_DEPTH + " levels"));
        }
        JsonValue value;
        try (JsonParser parser = parsers.createParser(new StringReader(message))) {
            parser.next();
            value = parser.getValue();
            if (parser.hasNext()) {
                return List.of(invalid(InvalidFrameKind.MALFORMED_JSON, "data after the JSON value"));
            }
        } catch (RuntimeException e) {
            // JsonException for bad syntax, but a provider's own limits surface otherwise: Parsson throws
            // UnsupportedOperationException for a number of more than 1,100 characters (and a bare
            // RuntimeException past its depth limit). Whatever the parser refuses is not usable JSON.
            return List.of(invalid(InvalidFrameKind.MALFORMED_JSON, e.getMessage()));
        }
        if (value instanceof JsonArray batch) {
            return decodeBatch(batch);
        }
        return List.of(toFrame(value));
    }

    private List<InboundFrame> decodeBatch(JsonArray batch) {
        if (batch.isEmpty()) {
            return List.of(invalid(InvalidFrameKind.BAD_BATCH, "empty batch"));
        }
        List<InboundFrame> frames = new ArrayList<>(batch.size());
        for (JsonValue element : batch) {
            frames.add(element instanceof JsonArray
                    ? invalid(InvalidFrameKind.BAD_BATCH, "batch inside a batch")
                    : toFrame(element));
        }
        return frames;
    }

    private static InboundFrame toFrame(JsonValue value) {
        if (value instanceof JsonString s && s.getString().isEmpty()) {
            return new InboundFrame.Heartbeat();
        }
        if (!(value instanceof JsonObject object)) {
            return invalid(InvalidFrameKind.NOT_A_FRAME, "expected an object, got " + value.getValueType());
        }
        if (object.containsKey("event")) {
            return toEvent(object);
        }
        if (object.containsKey("rid")) {
            return toResponse(object);
        }
        return invalid(InvalidFrameKind.NOT_A_FRAME, "object has neither event nor rid");
    }

    private static InboundFrame toEvent(JsonObject object) {
        long cid = InboundFrame.NO_CID;
        if (object.containsKey("cid")) {
            cid = callId(object.get("cid"));
            if (cid == InboundFrame.NO_CID) {
                return invalid(InvalidFrameKind.BAD_CALL_ID, "cid is not a non-negative integer");
            }
        }
        if (!(object.get("event") instanceof JsonString event) || event.getString().isEmpty()) {
            return new InboundFrame.Invalid(InvalidFrameKind.BAD_EVENT_NAME, "event is not a non-empty string", cid);
        }
        return new InboundFrame.Event(event.getString(), object.getOrDefault("data", JsonValue.NULL), cid);
    }

    private static InboundFrame toResponse(JsonObject object) {
        long rid = callId(object.get("rid"));
        if (rid == InboundFrame.NO_CID) {
            return invalid(InvalidFrameKind.BAD_CALL_ID, "rid is not a non-negative integer");
        }
        ProtocolError error = null;
        JsonValue errorValue = object.get("error");
        if (errorValue != null && errorValue != JsonValue.NULL) {
            error = toError(errorValue);
        }
        return new InboundFrame.Response(rid, object.getOrDefault("data", JsonValue.NULL), error);
    }

    private static ProtocolError toError(JsonValue value) {
        if (value instanceof JsonObject error) {
            return new ProtocolError(error.getString("name", "Error"), error.getString("message", ""));
        }
        return new ProtocolError("Error", value instanceof JsonString s ? s.getString() : value.toString());
    }

    /** The call id a JSON value denotes, or {@link InboundFrame#NO_CID} when it is not a non-negative integer. */
    private static long callId(JsonValue value) {
        if (value instanceof JsonNumber number && number.isIntegral()) {
            try {
                long id = number.longValueExact();
                return id >= 0 ? id : InboundFrame.NO_CID;
            } catch (ArithmeticException tooLarge) {
                return InboundFrame.NO_CID;
            }
        }
        return InboundFrame.NO_CID;
    }

    /**
     * True when {@code text} opens more than {@code limit} arrays or objects at once, counting brackets outside
     * strings only. Only the depth matters here: whether the brackets match is the parser's business.
     */
    static boolean nestedDeeperThan(String text, int limit) {
        int depth = 0;
        boolean inString = false;
        for (int i = 0, n = text.length(); i < n; i++) {
            char c = text.charAt(i);
            if (inString) {
                if (c == '\\') {
                    i++; // whatever is escaped cannot end the string
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '[' || c == '{') {
                if (++depth > limit) {
                    return true;
                }
            } else if (c == ']' || c == '}') {
                depth--;
            }
        }
        return false;
    }

    private static InboundFrame.Invalid invalid(InvalidFrameKind kind, String detail) {
        return new InboundFrame.Invalid(kind, detail, InboundFrame.NO_CID);
    }

    /** {@code {"event":event,"data":data}}; {@code data} is left out when null. */
    public String encodeTransmit(String event, JsonValue data) {
        return encodeEvent(event, data, InboundFrame.NO_CID);
    }

    /** {@code {"event":event,"data":data,"cid":cid}}: a call the peer must answer with {@code rid = cid}. */
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
            if (cid != InboundFrame.NO_CID) {
                g.write("cid", cid);
            }
            g.writeEnd();
        }
        return out.toString();
    }

    /**
     * A channel delivery: {@code {"event":"#publish","data":{"channel":…,"data":…,"epoch":…,"offset":…}}}. The
     * official client reads {@code channel} and {@code data}; {@code epoch} and {@code offset} are
     * SocketGrid's extension, the position a client recovers from.
     */
    public String encodePublish(String channel, JsonValue data, String epoch, long offset) {
        StringWriter out = new StringWriter(96);
        try (JsonGenerator g = generators.createGenerator(out)) {
            g.writeStartObject().write("event", ReservedEvents.PUBLISH)
                    .writeStartObject("data").write("channel", channel);
            if (data != null) {
                g.write("data", data);
            }
            g.write("epoch", epoch).write("offset", offset).writeEnd().writeEnd();
        }
        return out.toString();
    }

    /** A successful answer {@code {"rid":rid,"data":data}}; {@code data} is left out when null. */
    public String encodeResponse(long rid, JsonValue data) {
        StringWriter out = new StringWriter(32);
        try (JsonGenerator g = generators.createGenerator(out)) {
            g.writeStartObject().write("rid", rid);
            if (data != null) {
                g.write("data", data);
            }
            g.writeEnd();
        }
        return out.toString();
    }

    /** A failed answer {@code {"rid":rid,"error":{"name":…,"message":…}}}. */
    public String encodeError(long rid, ProtocolError error) {
        StringWriter out = new StringWriter(96);
        try (JsonGenerator g = generators.createGenerator(out)) {
            g.writeStartObject().write("rid", rid)
                    .writeStartObject("error")
                    .write("name", error.name())
                    .write("message", error.message())
                    .writeEnd()
                    .writeEnd();
        }
        return out.toString();
    }

    /**
     * The handshake answer {@code {"rid":rid,"data":{"id":…,"pingTimeout":…,"isAuthenticated":…[,"authError":…]}}}.
     */
    public String encodeHandshakeStatus(long rid, HandshakeStatus status) {
        StringWriter out = new StringWriter(96);
        try (JsonGenerator g = generators.createGenerator(out)) {
            g.writeStartObject().write("rid", rid)
                    .writeStartObject("data")
                    .write("id", status.socketId())
                    .write("pingTimeout", status.pingTimeoutMillis())
                    .write("isAuthenticated", status.authenticated());
            writeAuthError(g, status.authError());
            g.writeEnd().writeEnd();
        }
        return out.toString();
    }

    /** The answer to {@code #authenticate}: {@code {"rid":rid,"data":{"isAuthenticated":…[,"authError":…]}}}. */
    public String encodeAuthStatus(long rid, boolean authenticated, AuthFailure authError) {
        StringWriter out = new StringWriter(96);
        try (JsonGenerator g = generators.createGenerator(out)) {
            g.writeStartObject().write("rid", rid)
                    .writeStartObject("data")
                    .write("isAuthenticated", authenticated);
            writeAuthError(g, authError);
            g.writeEnd().writeEnd();
        }
        return out.toString();
    }

    /** {@code "authError":{"name":…,"message":…[,"expiry"|"date":…]}}, as the official client hydrates it. */
    private static void writeAuthError(JsonGenerator g, AuthFailure failure) {
        if (failure == null) {
            return;
        }
        g.writeStartObject("authError").write("name", failure.name()).write("message", failure.message());
        if (failure.dateField() != null) {
            g.write(failure.dateField(), failure.date());
        }
        g.writeEnd();
    }
}

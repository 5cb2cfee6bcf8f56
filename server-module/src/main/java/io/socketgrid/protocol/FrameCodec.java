package io.socketgrid.protocol;

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
     *
     * <p>The envelope ({@code event}, {@code cid}, {@code rid}) is read from the parser's event stream; only the
     * {@code data} and {@code error} values become JSON-P values (the handlers take them), so a frame costs no
     * object model of its own. Member order does not matter and, as in a JSON-P object, a repeated member
     * counts with its last value.
     */
    public List<InboundFrame> decode(String message) {
        if (message.isEmpty()) {
            return List.of(new InboundFrame.Heartbeat());
        }
        if (nestedDeeperThan(message, MAX_DEPTH)) {
            return List.of(invalid(InvalidFrameKind.TOO_DEEP, "nested deeper than " + MAX_DEPTH + " levels"));
        }
        try (JsonParser parser = parsers.createParser(new StringReader(message))) {
            List<InboundFrame> frames = parser.next() == JsonParser.Event.START_ARRAY
                    ? decodeBatch(parser)
                    : List.of(decodeFrame(parser));
            if (parser.hasNext()) {
                return List.of(invalid(InvalidFrameKind.MALFORMED_JSON, "data after the JSON value"));
            }
            return frames;
        } catch (RuntimeException e) {
            // JsonException for bad syntax, but a provider's own limits surface otherwise: Parsson throws
            // UnsupportedOperationException for a number of more than 1,100 characters (and a bare
            // RuntimeException past its depth limit). Whatever the parser refuses is not usable JSON.
            return List.of(invalid(InvalidFrameKind.MALFORMED_JSON, e.getMessage()));
        }
    }

    /** The elements of a batch whose {@code START_ARRAY} the parser has just read, up to its end. */
    private static List<InboundFrame> decodeBatch(JsonParser parser) {
        List<InboundFrame> frames = new ArrayList<>(4);
        while (parser.next() != JsonParser.Event.END_ARRAY) {
            if (parser.currentEvent() == JsonParser.Event.START_ARRAY) {
                skipStructure(parser, JsonParser.Event.START_ARRAY);
                frames.add(invalid(InvalidFrameKind.BAD_BATCH, "batch inside a batch"));
            } else {
                frames.add(decodeFrame(parser));
            }
        }
        if (frames.isEmpty()) {
            return List.of(invalid(InvalidFrameKind.BAD_BATCH, "empty batch"));
        }
        return frames;
    }

    /** The frame whose first event the parser has just read; consumes the whole value. */
    private static InboundFrame decodeFrame(JsonParser parser) {
        switch (parser.currentEvent()) {
            case START_OBJECT:
                return decodeObject(parser);
            case VALUE_STRING:
                if (parser.getString().isEmpty()) {
                    return new InboundFrame.Heartbeat();
                }
                return invalid(InvalidFrameKind.NOT_A_FRAME, "expected an object, got STRING");
            default:
                JsonValue other = parser.getValue();
                return invalid(InvalidFrameKind.NOT_A_FRAME, "expected an object, got " + other.getValueType());
        }
    }

    /** The members of the object whose {@code START_OBJECT} the parser has just read, up to its end. */
    private static InboundFrame decodeObject(JsonParser parser) {
        FrameMembers members = new FrameMembers();
        while (parser.next() == JsonParser.Event.KEY_NAME) {
            String key = parser.getString();
            JsonParser.Event value = parser.next();
            switch (key) {
                case "event" -> {
                    members.hasEvent = true;
                    members.event = value == JsonParser.Event.VALUE_STRING ? parser.getString() : null;
                    skipStructure(parser, value);
                }
                case "cid" -> {
                    members.hasCid = true;
                    members.cid = callId(parser, value);
                }
                case "rid" -> {
                    members.hasRid = true;
                    members.rid = callId(parser, value);
                }
                case "data" -> members.data = parser.getValue();
                case "error" -> members.error = parser.getValue();
                default -> skipStructure(parser, value);
            }
        }
        return members.toFrame();
    }

    /**
     * Skips the object or array that {@code value} opens, up to its end; a scalar needs nothing. Counted here
     * with {@code next()} rather than with {@code skipObject()}/{@code skipArray()}: Parsson's skipping loops
     * forever on a message that ends inside the structure (found by {@code FrameCodecFuzzTest}), whereas
     * {@code next()} throws there.
     */
    private static void skipStructure(JsonParser parser, JsonParser.Event value) {
        if (value != JsonParser.Event.START_OBJECT && value != JsonParser.Event.START_ARRAY) {
            return;
        }
        int depth = 1;
        while (depth > 0) {
            switch (parser.next()) {
                case START_OBJECT, START_ARRAY -> depth++;
                case END_OBJECT, END_ARRAY -> depth--;
                default -> { }
            }
        }
    }

    /** The envelope members of one object frame, as far as they were present. */
    private static final class FrameMembers {
        boolean hasEvent;
        String event;   // null when the member is not a string
        boolean hasCid;
        long cid = InboundFrame.NO_CID;
        boolean hasRid;
        long rid = InboundFrame.NO_CID;
        JsonValue data = JsonValue.NULL;
        JsonValue error;

        InboundFrame toFrame() {
            if (hasEvent) {
                if (hasCid && cid == InboundFrame.NO_CID) {
                    return invalid(InvalidFrameKind.BAD_CALL_ID, "cid is not a non-negative integer");
                }
                if (event == null || event.isEmpty()) {
                    return new InboundFrame.Invalid(InvalidFrameKind.BAD_EVENT_NAME, "event is not a non-empty string", cid);
                }
                return new InboundFrame.Event(event, data, cid);
            }
            if (hasRid) {
                if (rid == InboundFrame.NO_CID) {
                    return invalid(InvalidFrameKind.BAD_CALL_ID, "rid is not a non-negative integer");
                }
                ProtocolError failure = error == null || error == JsonValue.NULL ? null : toError(error);
                return new InboundFrame.Response(rid, data, failure);
            }
            return invalid(InvalidFrameKind.NOT_A_FRAME, "object has neither event nor rid");
        }
    }

    private static ProtocolError toError(JsonValue value) {
        if (value instanceof JsonObject error) {
            return new ProtocolError(error.getString("name", "Error"), error.getString("message", ""));
        }
        return new ProtocolError("Error", value instanceof JsonString s ? s.getString() : value.toString());
    }

    /**
     * The call id of the value whose first event {@code value} is (consumed whole), or
     * {@link InboundFrame#NO_CID} when it is not a non-negative integer.
     */
    private static long callId(JsonParser parser, JsonParser.Event value) {
        if (value != JsonParser.Event.VALUE_NUMBER) {
            skipStructure(parser, value);
            return InboundFrame.NO_CID;
        }
        // Parsson gives an int- or long-backed number for short integers: no BigDecimal on the hot path
        JsonNumber number = (JsonNumber) parser.getValue();
        if (!number.isIntegral()) {
            return InboundFrame.NO_CID;
        }
        try {
            long id = number.longValueExact();
            return id >= 0 ? id : InboundFrame.NO_CID;
        } catch (ArithmeticException tooLarge) {
            return InboundFrame.NO_CID;
        }
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
     * SocketGrid's extension, the position a client recovers from. A node delivering many messages of one
     * channel uses its {@link #publishFrames} instead, which takes the data as text.
     */
    public String encodePublish(String channel, JsonValue data, String epoch, long offset) {
        return publishFrames(channel).encode(data.toString(), epoch, offset);
    }

    /** The writer of {@code channel}'s {@code #publish} frames; keep it for as long as the channel is delivered. */
    public PublishFrames publishFrames(String channel) {
        return new PublishFrames(json, channel);
    }

    /** The {@code #gap} notice: offsets {@code from}..{@code to} of {@code channel}'s stream {@code epoch} will never arrive. */
    public String encodeGap(String channel, String epoch, long from, long to) {
        StringWriter out = new StringWriter(96);
        try (JsonGenerator g = generators.createGenerator(out)) {
            g.writeStartObject().write("event", ReservedEvents.GAP)
                    .writeStartObject("data").write("channel", channel).write("epoch", epoch)
                    .write("from", from).write("to", to).writeEnd().writeEnd();
        }
        return out.toString();
    }

    /**
     * One batch message of frames this codec encoded: a JSON array whose elements are {@code frames}, in
     * order, as SocketCluster's own batches are ({@code socket.startBatch()}; the official client, the browser
     * and the Java clients read every element as a frame). The frames are complete JSON texts already, so
     * they are joined as they are, not encoded again; never pass a heartbeat or anything this codec did not
     * encode. Its length is the frames' lengths, plus one per frame for the brackets and commas.
     */
    public static String joinBatch(List<String> frames) {
        if (frames.isEmpty()) {
            throw new IllegalArgumentException("a batch has at least one frame");
        }
        int length = 1;
        for (String frame : frames) {
            length += frame.length() + 1;
        }
        StringBuilder batch = new StringBuilder(length).append('[');
        for (String frame : frames) {
            if (batch.length() > 1) {
                batch.append(',');
            }
            batch.append(frame);
        }
        return batch.append(']').toString();
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

package io.socketgrid.protocol;

import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParserFactory;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The frame decoder SocketGrid had before {@link FrameCodec#decode} read the envelope from the parser's
 * event stream: it builds the whole JSON-P object model of the message, then classifies it. Kept as the
 * oracle the streaming decoder must agree with ({@code FrameCodecFuzzTest}). Depth and empty messages are
 * {@link FrameCodec}'s business and not repeated here.
 */
final class ObjectModelDecoder {

    private final JsonParserFactory parsers = JsonProvider.provider().createParserFactory(Map.of());

    List<InboundFrame> decode(String message) {
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


    private static InboundFrame.Invalid invalid(InvalidFrameKind kind, String detail) {
        return new InboundFrame.Invalid(kind, detail, InboundFrame.NO_CID);
    }
}

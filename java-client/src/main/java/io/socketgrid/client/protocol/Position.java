package io.socketgrid.client.protocol;

import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.util.Objects;

/**
 * A place in a channel's stream (SocketGrid's history extension): message {@code offset} of stream
 * {@code epoch}. Deliveries and subscribe answers carry one; a client recovers from the last one it saw.
 */
public record Position(String epoch, long offset) {

    public Position {
        Objects.requireNonNull(epoch, "epoch");
    }

    /** The {@code epoch}/{@code offset} fields of {@code value}, or null when it has none (another server). */
    public static Position of(JsonValue value) {
        if (value instanceof JsonObject object
                && object.get("epoch") instanceof JsonString epoch
                && object.get("offset") instanceof JsonNumber offset && offset.isIntegral()) {
            return new Position(epoch.getString(), offset.longValue());
        }
        return null;
    }

    /** True when {@code other} is this position or an earlier one of the same epoch: a message seen already. */
    public boolean covers(Position other) {
        return epoch.equals(other.epoch) && other.offset <= offset;
    }
}

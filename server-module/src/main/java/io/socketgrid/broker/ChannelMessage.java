package io.socketgrid.broker;

import jakarta.json.JsonValue;

import java.util.Objects;

/**
 * One message of a channel's stream: its position ({@code epoch}, {@code offset}) and its data (any JSON
 * value, {@link JsonValue#NULL} for none).
 */
public record ChannelMessage(String channel, String epoch, long offset, JsonValue data) {

    public ChannelMessage {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(epoch, "epoch");
        Objects.requireNonNull(data, "data");
    }

    public StreamPosition position() {
        return new StreamPosition(epoch, offset);
    }
}

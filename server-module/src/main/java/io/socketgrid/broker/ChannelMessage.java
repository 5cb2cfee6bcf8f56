package io.socketgrid.broker;

import jakarta.json.JsonValue;

import java.util.Objects;

/** One message on a channel. {@code data} is any JSON value ({@link JsonValue#NULL} for none). */
public record ChannelMessage(String channel, JsonValue data) {
    public ChannelMessage {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(data, "data");
    }
}

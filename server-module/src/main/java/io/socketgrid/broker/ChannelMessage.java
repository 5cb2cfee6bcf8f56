package io.socketgrid.broker;

import jakarta.json.JsonValue;

import java.util.Objects;

/**
 * One message of a channel's stream: its position ({@code epoch}, {@code offset}) and its data (any JSON
 * value, {@link JsonValue#NULL} for none), which is kept in whichever form it arrived in ({@link MessageData}).
 */
public record ChannelMessage(String channel, String epoch, long offset, MessageData payload) {

    public ChannelMessage {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(epoch, "epoch");
        Objects.requireNonNull(payload, "payload");
    }

    public ChannelMessage(String channel, String epoch, long offset, JsonValue data) {
        this(channel, epoch, offset, MessageData.of(data));
    }

    /** The data as a JSON-P value (parsed on first use when the message arrived as text). */
    public JsonValue data() {
        return payload.value();
    }

    /** The data as JSON text, for frames that carry it unchanged. */
    public String dataText() {
        return payload.text();
    }

    public StreamPosition position() {
        return new StreamPosition(epoch, offset);
    }
}

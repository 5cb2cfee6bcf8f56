package io.socketgrid.broker;

import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;

import java.io.StringReader;
import java.util.Objects;

/**
 * A channel message's data, held as a JSON-P value, as its JSON text, or both: each form is made from the
 * other the first time it is asked for and then kept. A message read back from a cluster broker is text
 * (what the publishing node stored), and a node that only forwards it to sockets never parses it; a message
 * published on this node is a value, written as text once for the broker and for every local socket.
 *
 * <p>Contract of the text form: a complete JSON text as JSON-P writes a value ({@link JsonValue#toString()});
 * it is spliced into outbound frames as it is, so only text SocketGrid itself wrote belongs here, never text a
 * client sent. Thread-safe; equality is that of the values.
 */
public final class MessageData {

    private final JsonProvider json; // parses the text form; null when made from a value
    private volatile JsonValue value;
    private volatile String text;

    private MessageData(JsonValue value, String text, JsonProvider json) {
        this.value = value;
        this.text = text;
        this.json = json;
    }

    /** Data published as a value; {@link JsonValue#NULL} for none. */
    public static MessageData of(JsonValue value) {
        return new MessageData(Objects.requireNonNull(value, "value"), null, null);
    }

    /**
     * Data stored as text by SocketGrid (see the class contract); parsed with {@code json} only if
     * {@link #value()} is asked for.
     */
    public static MessageData ofText(String text, JsonProvider json) {
        return new MessageData(null, Objects.requireNonNull(text, "text"), Objects.requireNonNull(json, "json"));
    }

    /** The value; parsed from the text on the first call (a text that is not JSON throws {@code JsonException}). */
    public JsonValue value() {
        JsonValue parsed = value;
        if (parsed == null) {
            try (var reader = json.createReader(new StringReader(text))) {
                parsed = reader.readValue();
            }
            value = parsed;
        }
        return parsed;
    }

    /** The JSON text; written from the value on the first call. */
    public String text() {
        String written = text;
        if (written == null) {
            written = value.toString();
            text = written;
        }
        return written;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof MessageData data && value().equals(data.value());
    }

    @Override
    public int hashCode() {
        return value().hashCode();
    }

    @Override
    public String toString() {
        return text();
    }
}

package io.socketgrid.engine;

import jakarta.json.JsonValue;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.spi.JsonProvider;

import java.io.StringReader;
import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * Turns application values into JSON values and back. Plain values (JsonValue, String, numbers, Boolean,
 * null) are converted directly, without JSON-B, because they are the hot path (the ping workload sends a
 * number); other objects go through JSON-B, created on first use.
 */
public final class DataMapper {

    private final JsonProvider json;
    private volatile Jsonb jsonb;

    public DataMapper(JsonProvider json) {
        this.json = json;
    }

    public JsonValue toJson(Object value) {
        if (value == null) {
            return JsonValue.NULL;
        }
        if (value instanceof JsonValue v) {
            return v;
        }
        if (value instanceof String s) {
            return json.createValue(s);
        }
        if (value instanceof Boolean b) {
            return b ? JsonValue.TRUE : JsonValue.FALSE;
        }
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            return json.createValue(((Number) value).longValue());
        }
        if (value instanceof Double || value instanceof Float) {
            return json.createValue(((Number) value).doubleValue());
        }
        if (value instanceof BigDecimal d) {
            return json.createValue(d);
        }
        if (value instanceof BigInteger i) {
            return json.createValue(i);
        }
        String text = jsonb().toJson(value);
        try (var reader = json.createReader(new StringReader(text))) {
            return reader.readValue();
        }
    }

    /**
     * Binds {@code value} to {@code type}.
     *
     * @throws jakarta.json.bind.JsonbException when it does not bind
     */
    public <T> T fromJson(JsonValue value, Class<T> type) {
        if (type.isInstance(value)) {
            return type.cast(value);
        }
        return jsonb().fromJson(value.toString(), type);
    }

    private Jsonb jsonb() {
        Jsonb current = jsonb;
        if (current == null) {
            synchronized (this) {
                current = jsonb;
                if (current == null) {
                    current = JsonbBuilder.create();
                    jsonb = current;
                }
            }
        }
        return current;
    }
}

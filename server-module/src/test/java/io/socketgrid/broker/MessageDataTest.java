package io.socketgrid.broker;

import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

class MessageDataTest {

    private static final JsonProvider JSON = JsonProvider.provider();
    private final JsonValue value = Json.createObjectBuilder().add("text", "a \"b\"\n").add("n", 2.5)
            .add("list", Json.createArrayBuilder().add(1).addNull()).build();

    @Test
    void aValueIsWrittenAsTextOnceAndKept() {
        MessageData data = MessageData.of(value);
        assertEquals(value.toString(), data.text());
        assertSame(data.text(), data.text());
        assertSame(value, data.value());
    }

    @Test
    void aTextIsParsedOnlyWhenItsValueIsAskedFor() {
        MessageData data = MessageData.ofText("not json", JSON);
        assertEquals("not json", data.text(), "kept as it is, not checked");
        assertThrows(JsonException.class, data::value);

        MessageData stored = MessageData.ofText(value.toString(), JSON);
        assertEquals(value, stored.value());
        assertSame(stored.value(), stored.value());
    }

    @Test
    void bothFormsOfTheSameDataAreEqual() {
        MessageData fromText = MessageData.ofText(value.toString(), JSON);
        assertEquals(MessageData.of(value), fromText);
        assertEquals(MessageData.of(value).hashCode(), fromText.hashCode());
        assertNotEquals(MessageData.of(JsonValue.NULL), fromText);
        assertEquals(new ChannelMessage("c", "e", 3, value), new ChannelMessage("c", "e", 3, fromText));
        assertEquals(value, new ChannelMessage("c", "e", 3, fromText).data());
        assertEquals(value.toString(), new ChannelMessage("c", "e", 3, value).dataText());
    }
}

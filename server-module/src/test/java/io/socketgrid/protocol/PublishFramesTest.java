package io.socketgrid.protocol;

import io.socketgrid.testing.Fuzz;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonGenerator;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@link PublishFrames} writes, around data that is text already, exactly the frame a JSON-P generator writes for
 * the parsed value: whatever the channel name, epoch and data, the bytes are the same and they read back as the
 * same frame.
 */
class PublishFramesTest {

    private static final FrameCodec CODEC = new FrameCodec();

    private record Case(String channel, String epoch, long offset, JsonValue data) {
    }

    @Test
    void framesAreTheBytesAGeneratorWritesForTheSameMessage() {
        Fuzz.forAll("publish frames", 2_000, PublishFramesTest::arbitraryCase, c -> {
            String frame = CODEC.publishFrames(c.channel()).encode(c.data().toString(), c.epoch(), c.offset());
            assertEquals(generated(c), frame);
            try (var reader = Json.createReader(new StringReader(frame))) {
                assertEquals(expected(c), reader.readObject());
            }
        });
    }

    @Test
    void theDecoderReadsADeliveryOfTheChannel() {
        String channel = "a \"quoted\" ]}, tricky \u2028 channel";
        JsonValue data = Json.createObjectBuilder().add("text", "x\\y\n").add("n", 1.5).build();
        String frame = CODEC.publishFrames(channel).encode(data.toString(), "e1", 7);
        InboundFrame.Event event = (InboundFrame.Event) CODEC.decode(frame).get(0);
        assertEquals(ReservedEvents.PUBLISH, event.event());
        assertEquals(Json.createObjectBuilder().add("channel", channel).add("data", data).add("epoch", "e1")
                .add("offset", 7).build(), event.data());
    }

    @Test
    void aNewEpochIsWrittenFromItsFirstMessageOn() {
        PublishFrames frames = CODEC.publishFrames("news");
        JsonValue data = Json.createValue("hello");
        assertEquals(CODEC.encodePublish("news", data, "e1", 5), frames.encode("\"hello\"", "e1", 5));
        assertEquals(generated(new Case("news", "e2", 0, data)), frames.encode("\"hello\"", "e2", 0));
        assertEquals(generated(new Case("news", "e1", 6, data)), frames.encode("\"hello\"", "e1", 6));
    }

    private static JsonObject expected(Case c) {
        return Json.createObjectBuilder().add("event", ReservedEvents.PUBLISH)
                .add("data", Json.createObjectBuilder().add("channel", c.channel()).add("data", c.data())
                        .add("epoch", c.epoch()).add("offset", c.offset()))
                .build();
    }

    /** The frame as FrameCodec wrote it with a generator before data travelled as text. */
    private static String generated(Case c) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = Json.createGenerator(out)) {
            g.writeStartObject().write("event", ReservedEvents.PUBLISH).writeStartObject("data")
                    .write("channel", c.channel()).write("data", c.data()).write("epoch", c.epoch())
                    .write("offset", c.offset()).writeEnd().writeEnd();
        }
        return out.toString();
    }

    // ---- generators

    private static Case arbitraryCase(SplittableRandom random) {
        long offset = random.nextBoolean() ? random.nextLong(0, 1_000) : random.nextLong(0, Long.MAX_VALUE);
        return new Case(text(random), text(random), offset, value(random, 0));
    }

    private static final String ALPHABET = "aZ09 _-#.\"\\/\b\f\n\r\t\u0000\u001f\u007f\u00e9\u2028\u2029\ud83d\ude00\ud800}]{[,:";

    private static String text(SplittableRandom random) {
        int length = random.nextInt(0, 12);
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return text.toString();
    }

    private static JsonValue value(SplittableRandom random, int depth) {
        int kind = random.nextInt(depth >= 3 ? 6 : 8);
        switch (kind) {
            case 0:
                return JsonValue.NULL;
            case 1:
                return random.nextBoolean() ? JsonValue.TRUE : JsonValue.FALSE;
            case 2:
                return Json.createValue(random.nextLong());
            case 3:
                return Json.createValue(new BigDecimal(random.nextDouble() * 1e6).setScale(random.nextInt(0, 5),
                        java.math.RoundingMode.HALF_UP));
            case 4:
                return Json.createValue(random.nextDouble());
            case 5:
                return Json.createValue(text(random));
            case 6: {
                JsonArrayBuilder array = Json.createArrayBuilder();
                for (int i = random.nextInt(0, 4); i > 0; i--) {
                    array.add(value(random, depth + 1));
                }
                return array.build();
            }
            default: {
                JsonObjectBuilder object = Json.createObjectBuilder();
                for (int i = random.nextInt(0, 4); i > 0; i--) {
                    object.add(text(random), value(random, depth + 1));
                }
                return object.build();
            }
        }
    }
}

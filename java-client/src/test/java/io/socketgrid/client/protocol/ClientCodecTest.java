package io.socketgrid.client.protocol;

import jakarta.json.Json;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Round trips of the client's frames, and what decoding makes of good and bad server messages. */
class ClientCodecTest {

    private final ClientCodec codec = new ClientCodec();

    /** Renders each decoded frame as one line. */
    private List<String> decode(String message) {
        List<String> frames = new ArrayList<>();
        codec.decode(message, new FrameSink() {
            @Override
            public void heartbeat() {
                frames.add("heartbeat");
            }

            @Override
            public void event(String event, JsonValue data, long cid) {
                frames.add("event " + event + " " + data + " " + cid);
            }

            @Override
            public void response(long rid, JsonValue data) {
                frames.add("response " + rid + " " + data);
            }

            @Override
            public void errorResponse(long rid, String name, String message) {
                frames.add("error " + rid + " " + name + " " + message);
            }

            @Override
            public void invalid(String detail) {
                frames.add("invalid");
            }
        });
        return frames;
    }

    @Test
    void decodesEveryKindOfFrame() {
        assertEquals(List.of("heartbeat"), decode(""));
        assertEquals(List.of("event pong 3 -1"), decode("{\"event\":\"pong\",\"data\":3}"));
        assertEquals(List.of("event ask null 4"), decode("{\"event\":\"ask\",\"cid\":4}"));
        assertEquals(List.of("response 2 {\"a\":1}"), decode("{\"rid\":2,\"data\":{\"a\":1}}"));
        assertEquals(List.of("response 2 null"), decode("{\"rid\":2}"));
        assertEquals(List.of("error 2 BrokerError down"), decode("{\"rid\":2,\"error\":{\"name\":\"BrokerError\",\"message\":\"down\"}}"));
        assertEquals(List.of("error 2 Error plain"), decode("{\"rid\":2,\"error\":\"plain\"}"));
    }

    @Test
    void decodesABatchInOrder() {
        assertEquals(List.of("heartbeat", "event a null -1", "response 1 true"),
                decode("[\"\",{\"event\":\"a\"},{\"rid\":1,\"data\":true}]"));
    }

    @Test
    void badInputIsReportedNeverThrown() {
        for (String bad : new String[] {"{", "42", "{\"x\":1}", "{\"rid\":-1}", "{\"event\":\"\"}", "{} {}", "\"text\""}) {
            assertEquals(List.of("invalid"), decode(bad), bad);
        }
    }

    @Test
    void encodesInvokesTransmitsAndErrors() {
        assertEquals("{\"event\":\"e\",\"data\":[1],\"cid\":7}", codec.encodeInvoke("e", Json.createArrayBuilder().add(1).build(), 7));
        assertEquals("{\"event\":\"e\"}", codec.encodeTransmit("e", null));
        assertEquals("{\"rid\":3,\"error\":{\"name\":\"N\",\"message\":\"m\"}}", codec.encodeError(3, "N", "m"));
    }

    @Test
    void subscribeDataAsksForRecoveryOnlyWithAPosition() {
        assertEquals("{\"channel\":\"c\"}", codec.subscribeData("c", null).toString());
        assertEquals("{\"channel\":\"c\",\"recover\":{\"epoch\":\"e\",\"offset\":4}}",
                codec.subscribeData("c", new Position("e", 4)).toString());
    }

    @Test
    void positionsAreReadFromAnswersAndCompared() {
        Position p = Position.of(Json.createObjectBuilder().add("epoch", "e").add("offset", 4).build());
        assertEquals(new Position("e", 4), p);
        assertEquals(null, Position.of(JsonValue.NULL));
        assertTrue(p.covers(new Position("e", 3)));
        assertTrue(!p.covers(new Position("f", 3)));
    }
}

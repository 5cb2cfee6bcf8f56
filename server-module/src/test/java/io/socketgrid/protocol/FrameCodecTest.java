package io.socketgrid.protocol;

import jakarta.json.Json;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FrameCodecTest {

    private final FrameCodec codec = new FrameCodec();

    private InboundFrame single(String text) {
        List<InboundFrame> frames = codec.decode(text);
        assertEquals(1, frames.size(), () -> "frames of " + text);
        return frames.get(0);
    }

    private InboundFrame.Invalid invalid(String text, InvalidFrameKind kind) {
        InboundFrame.Invalid frame = assertInstanceOf(InboundFrame.Invalid.class, single(text));
        assertEquals(kind, frame.kind(), () -> "kind of " + text);
        return frame;
    }

    @Test
    void transmitRoundTrip() {
        JsonValue data = Json.createObjectBuilder().add("param", "pong").add("n", 3).build();
        InboundFrame.Event event = assertInstanceOf(InboundFrame.Event.class, single(codec.encodeTransmit("ping", data)));
        assertEquals("ping", event.event());
        assertEquals(data, event.data());
        assertFalse(event.isInvoke());
    }

    @Test
    void invokeRoundTrip() {
        InboundFrame.Event event = assertInstanceOf(InboundFrame.Event.class,
                single(codec.encodeInvoke("sum", Json.createArrayBuilder().add(1).add(2).build(), 7)));
        assertTrue(event.isInvoke());
        assertEquals(7, event.cid());
        assertEquals("[1,2]", event.data().toString());
    }

    @Test
    void transmitWithoutDataLeavesDataOut() {
        assertEquals("{\"event\":\"tick\"}", codec.encodeTransmit("tick", null));
        InboundFrame.Event event = assertInstanceOf(InboundFrame.Event.class, single("{\"event\":\"tick\"}"));
        assertEquals(JsonValue.NULL, event.data());
    }

    @Test
    void responseRoundTrip() {
        InboundFrame.Response response = assertInstanceOf(InboundFrame.Response.class,
                single(codec.encodeResponse(12, Json.createValue(42))));
        assertEquals(12, response.rid());
        assertEquals(Json.createValue(42), response.data());
        assertNull(response.error());
        assertEquals("{\"rid\":3}", codec.encodeResponse(3, null));
    }

    @Test
    void errorRoundTrip() {
        ProtocolError error = new ProtocolError(ProtocolError.NO_PROCEDURE, "no procedure handles event 'x'");
        InboundFrame.Response response = assertInstanceOf(InboundFrame.Response.class, single(codec.encodeError(5, error)));
        assertEquals(5, response.rid());
        assertEquals(error, response.error());
    }

    @Test
    void publishDeliveryHasTheShapeTheOfficialClientReads() {
        String frame = codec.encodePublish("news", Json.createValue("hello"), "e1", 7);
        assertEquals("{\"event\":\"#publish\",\"data\":{\"channel\":\"news\",\"data\":\"hello\","
                + "\"epoch\":\"e1\",\"offset\":7}}", frame);
    }

    @Test
    void handshakeStatus() {
        String frame = codec.encodeHandshakeStatus(1, new HandshakeStatus("abc", 20000, false));
        assertEquals("{\"rid\":1,\"data\":{\"id\":\"abc\",\"pingTimeout\":20000,\"isAuthenticated\":false}}", frame);
    }

    @Test
    void stringsAreEscapedNotConcatenated() {
        String evil = "a\"b\\c\n\u2028}";
        InboundFrame.Event event = assertInstanceOf(InboundFrame.Event.class,
                single(codec.encodeTransmit(evil, Json.createValue(evil))));
        assertEquals(evil, event.event());
        assertEquals(Json.createValue(evil), event.data());
    }

    @Test
    void emptyMessageIsTheHeartbeat() {
        assertInstanceOf(InboundFrame.Heartbeat.class, single(FrameCodec.HEARTBEAT));
    }

    @Test
    void batchDecodesInOrder() {
        List<InboundFrame> frames = codec.decode(
                "[{\"event\":\"#handshake\",\"data\":{},\"cid\":1},{\"event\":\"a\",\"data\":1},{\"rid\":9,\"data\":2},\"\"]");
        assertEquals(4, frames.size());
        assertEquals("#handshake", assertInstanceOf(InboundFrame.Event.class, frames.get(0)).event());
        assertEquals("a", assertInstanceOf(InboundFrame.Event.class, frames.get(1)).event());
        assertEquals(9, assertInstanceOf(InboundFrame.Response.class, frames.get(2)).rid());
        assertInstanceOf(InboundFrame.Heartbeat.class, frames.get(3));
    }

    @Test
    void batchKeepsGoodFramesBesideBadOnes() {
        List<InboundFrame> frames = codec.decode("[{\"event\":\"a\"},42,[1],{\"event\":\"b\"}]");
        assertEquals(4, frames.size());
        assertInstanceOf(InboundFrame.Event.class, frames.get(0));
        assertEquals(InvalidFrameKind.NOT_A_FRAME, assertInstanceOf(InboundFrame.Invalid.class, frames.get(1)).kind());
        assertEquals(InvalidFrameKind.BAD_BATCH, assertInstanceOf(InboundFrame.Invalid.class, frames.get(2)).kind());
        assertInstanceOf(InboundFrame.Event.class, frames.get(3));
    }

    @Test
    void malformedJson() {
        assertFalse(invalid("{\"event\":", InvalidFrameKind.MALFORMED_JSON).canBeAnswered());
        invalid("not json at all", InvalidFrameKind.MALFORMED_JSON);
        invalid("{\"event\":\"a\"} trailing", InvalidFrameKind.MALFORMED_JSON);
    }

    @Test
    void framesThatAreNeitherEventNorResponse() {
        invalid("42", InvalidFrameKind.NOT_A_FRAME);
        invalid("\"text\"", InvalidFrameKind.NOT_A_FRAME);
        invalid("null", InvalidFrameKind.NOT_A_FRAME);
        invalid("{\"data\":1,\"cid\":3}", InvalidFrameKind.NOT_A_FRAME);
    }

    @Test
    void nonStringEventNameKeepsTheCidSoItCanBeAnswered() {
        InboundFrame.Invalid frame = invalid("{\"event\":5,\"cid\":4}", InvalidFrameKind.BAD_EVENT_NAME);
        assertTrue(frame.canBeAnswered());
        assertEquals(4, frame.cid());
        assertFalse(invalid("{\"event\":null}", InvalidFrameKind.BAD_EVENT_NAME).canBeAnswered());
        invalid("{\"event\":\"\",\"cid\":1}", InvalidFrameKind.BAD_EVENT_NAME);
    }

    @Test
    void badCallIds() {
        invalid("{\"event\":\"a\",\"cid\":\"1\"}", InvalidFrameKind.BAD_CALL_ID);
        invalid("{\"event\":\"a\",\"cid\":1.5}", InvalidFrameKind.BAD_CALL_ID);
        invalid("{\"event\":\"a\",\"cid\":-1}", InvalidFrameKind.BAD_CALL_ID);
        invalid("{\"event\":\"a\",\"cid\":1e40}", InvalidFrameKind.BAD_CALL_ID);
        invalid("{\"rid\":\"x\"}", InvalidFrameKind.BAD_CALL_ID);
    }

    @Test
    void emptyBatch() {
        invalid("[]", InvalidFrameKind.BAD_BATCH);
    }

    @Test
    void aJoinedBatchDecodesToTheSameFramesInOrder() {
        List<String> frames = List.of(
                codec.encodePublish("news", Json.createValue("a \"quoted\" ]}, tricky"), "e1", 7),
                codec.encodePublish("news", JsonValue.NULL, "e1", 8),
                codec.encodeTransmit("ping", Json.createArrayBuilder().add(1).add("]").build()));
        String batch = FrameCodec.joinBatch(frames);
        assertEquals(frames.stream().mapToInt(String::length).sum() + frames.size() + 1, batch.length());
        List<InboundFrame> decoded = codec.decode(batch);
        assertEquals(3, decoded.size());
        for (int i = 0; i < frames.size(); i++) {
            assertEquals(single(frames.get(i)), decoded.get(i), "frame " + i);
        }
        assertEquals(frames.get(0), FrameCodec.joinBatch(List.of(frames.get(0))).substring(1, frames.get(0).length() + 1));
        assertThrows(IllegalArgumentException.class, () -> FrameCodec.joinBatch(List.of()));
    }
}

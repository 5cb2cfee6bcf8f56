package io.socketgrid.engine;

import io.socketgrid.broker.ChannelMessage;
import io.socketgrid.protocol.FrameCodec;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DeliveryBatchTest {

    private final FrameCodec codec = new FrameCodec();
    private final AtomicInteger encoded = new AtomicInteger();

    private String encode(ChannelMessage message) {
        encoded.incrementAndGet();
        return codec.encodePublish(message.channel(), message.data(), message.epoch(), message.offset());
    }

    /** Messages 0..count-1 of channel "feed", the i-th with a text of {@code sizes[i % sizes.length]} characters. */
    private static List<ChannelMessage> messages(int count, int... sizes) {
        List<ChannelMessage> messages = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            messages.add(new ChannelMessage("feed", "e", i, Json.createValue("é".repeat(sizes[i % sizes.length]))));
        }
        return messages;
    }

    private static String text(OutboundFrame frame) {
        return assertInstanceOf(OutboundFrame.Text.class, frame).text();
    }

    /** The offsets a frame carries: one for a plain frame, one per element of a batch. */
    private static List<Long> offsets(OutboundFrame frame) {
        JsonValue value = Json.createReader(new StringReader(text(frame))).readValue();
        List<JsonObject> frames = value instanceof JsonArray array
                ? array.getValuesAs(JsonObject.class) : List.of(value.asJsonObject());
        return frames.stream().map(f -> f.getJsonObject("data").getJsonNumber("offset").longValue()).toList();
    }

    @Test
    void groupsKeepTheOrderAndNeverPassTheLimit() {
        int limit = 600;
        List<ChannelMessage> messages = messages(40, 10, 60, 3, 120);
        DeliveryBatch batch = new DeliveryBatch(messages, this::encode, limit);

        List<Long> all = new ArrayList<>();
        for (int group = 0; group < batch.groupCount(); group++) {
            OutboundFrame frame = batch.groupFrame(group);
            List<Long> offsets = offsets(frame);
            assertEquals(batch.groupEnd(group) - batch.groupStart(group), offsets.size());
            int utf8 = text(frame).getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
            assertEquals(utf8, frame.bytes(), "the size the queue counts is the message's UTF-8 size");
            if (offsets.size() > 1) {
                assertTrue(utf8 <= limit, "group " + group + " takes " + utf8 + " bytes");
            }
            all.addAll(offsets);
        }
        assertEquals(IntStream.range(0, 40).mapToObj(i -> (long) i).toList(), all);
        assertTrue(batch.groupCount() > 1 && batch.groupCount() < 40, "groups: " + batch.groupCount());
        assertEquals(40, encoded.get(), "each message encoded once");
    }

    @Test
    void aGroupIsFilledAsFarAsTheLimitAllows() {
        List<ChannelMessage> messages = messages(10, 20);
        int frameBytes = text(new DeliveryBatch(messages.subList(0, 1), this::encode, 0).groupFrame(0)).getBytes(
                java.nio.charset.StandardCharsets.UTF_8).length;
        // three frames take 3 * frameBytes + 4 bytes with the brackets and commas
        DeliveryBatch batch = new DeliveryBatch(messages, this::encode, 3 * frameBytes + 4);
        assertEquals(List.of(3, 6, 9, 10), IntStream.range(0, batch.groupCount()).map(batch::groupEnd).boxed().toList());
        assertEquals(3 * frameBytes + 4, batch.groupFrame(0).bytes());
    }

    @Test
    void aMessageLargerThanTheLimitGoesAlone() {
        List<ChannelMessage> messages = messages(3, 5, 500, 5);
        DeliveryBatch batch = new DeliveryBatch(messages, this::encode, 200);
        assertEquals(3, batch.groupCount());
        assertEquals(List.of(1L), offsets(batch.groupFrame(1)));
    }

    @Test
    void withoutALimitEveryMessageIsItsOwnFrame() {
        DeliveryBatch batch = new DeliveryBatch(messages(5, 1), this::encode, 0);
        assertEquals(5, batch.groupCount());
        for (int group = 0; group < 5; group++) {
            assertEquals(List.of((long) group), offsets(batch.groupFrame(group)));
        }
    }

    @Test
    void theGroupFrameIsBuiltOnceForEverySubscriber() {
        DeliveryBatch batch = new DeliveryBatch(messages(4, 1), this::encode, 16 * 1024);
        assertEquals(1, batch.groupCount());
        assertSame(batch.groupFrame(0), batch.groupFrame(0));
        assertEquals(4, encoded.get());
    }

    @Test
    void aSubsetHasOnlyTheTakenMessagesInOrder() {
        DeliveryBatch batch = new DeliveryBatch(messages(5, 1), this::encode, 16 * 1024);
        OutboundFrame subset = batch.subset(0, 5, new boolean[] {false, true, false, true, true});
        assertEquals(List.of(1L, 3L, 4L), offsets(subset));
        assertEquals(text(subset).getBytes(java.nio.charset.StandardCharsets.UTF_8).length, subset.bytes());
        assertEquals(List.of(2L), offsets(batch.subset(0, 5, new boolean[] {false, false, true, false, false})));
        assertNull(batch.subset(0, 5, new boolean[5]));
    }

    @Test
    void anEmptyBatchIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new DeliveryBatch(List.of(), this::encode, 100));
    }
}

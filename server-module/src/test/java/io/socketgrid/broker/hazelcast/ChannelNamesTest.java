package io.socketgrid.broker.hazelcast;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

class ChannelNamesTest {

    private final ChannelNames names = new ChannelNames("socketgrid.");

    @Test
    void ringbufferIsPartitionedByTheEpochKey() {
        assertEquals("socketgrid.ch.news@news", names.ringbuffer("news"));
        assertEquals("news", names.key("news"));
    }

    @Test
    void atSignsAndPercentSignsAreEscapedSoThePartitionKeyIsTheWholeName() {
        assertEquals("a%40b", names.key("a@b"));
        assertEquals("socketgrid.ch.a%40b@a%40b", names.ringbuffer("a@b"));
        assertNotEquals(names.key("a@b"), names.key("a%40b"));
    }
}

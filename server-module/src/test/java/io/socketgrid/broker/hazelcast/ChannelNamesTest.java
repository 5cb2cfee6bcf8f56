package io.socketgrid.broker.hazelcast;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

class ChannelNamesTest {

    private final ChannelNames names = new ChannelNames("socketgrid.");

    @Test
    void ringbufferNamesCarryTheEpochAndArePartitionedByTheEpochKey() {
        assertEquals("socketgrid.ch.news.e1@news", names.ringbuffer("news", "e1"));
        assertEquals("news", names.key("news"));
    }

    @Test
    void atSignsAndPercentSignsAreEscapedSoThePartitionKeyIsTheWholeName() {
        assertEquals("a%40b", names.key("a@b"));
        assertEquals("socketgrid.ch.a%40b.e1@a%40b", names.ringbuffer("a@b", "e1"));
        assertNotEquals(names.key("a@b"), names.key("a%40b"));
    }

    @Test
    void keysTurnBackIntoChannels() {
        for (String channel : new String[] {"news", "a@b", "a%40b", "%", "@@%%"}) {
            assertEquals(channel, names.channel(names.key(channel)));
        }
    }
}

package io.socketgrid.broker.hazelcast;

import com.hazelcast.ringbuffer.Ringbuffer;

/** A channel's Hazelcast side: its ringbuffer and its epoch, looked up once per node off the caller's thread. */
record ChannelStream(Ringbuffer<String> ring, String epoch) {
}

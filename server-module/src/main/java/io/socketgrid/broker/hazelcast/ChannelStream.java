package io.socketgrid.broker.hazelcast;

import com.hazelcast.ringbuffer.Ringbuffer;

/**
 * A channel's Hazelcast side as this node knows it: its ringbuffer and epoch (looked up off the caller's
 * thread), and when this node last renewed the channel's lease. A node uses a stream only while the lease it
 * renewed cannot have expired; past that it looks the channel up again (it may have a new epoch).
 */
final class ChannelStream {

    private final Ringbuffer<String> ring;
    private final String epoch;
    private volatile long renewedAt;

    ChannelStream(Ringbuffer<String> ring, String epoch, long renewedAt) {
        this.ring = ring;
        this.epoch = epoch;
        this.renewedAt = renewedAt;
    }

    Ringbuffer<String> ring() {
        return ring;
    }

    String epoch() {
        return epoch;
    }

    long renewedAt() {
        return renewedAt;
    }

    void renewedAt(long nanos) {
        renewedAt = nanos;
    }
}

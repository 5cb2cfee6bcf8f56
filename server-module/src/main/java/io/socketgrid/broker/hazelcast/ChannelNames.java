package io.socketgrid.broker.hazelcast;

/**
 * Names of the Hazelcast structures behind a channel. A channel's ringbuffer and its epoch entry live in the
 * same partition (the ringbuffer name carries the epoch key as its {@code @} partition key), so a failure
 * that loses one loses the other and the channel restarts with a new epoch instead of reusing an old one.
 * The ringbuffer's name also carries the epoch: destroying an expired epoch's ringbuffer can never touch the
 * ringbuffer of the channel's next epoch.
 */
final class ChannelNames {

    private final String prefix;

    /** @param prefix what every structure name starts with, e.g. {@code socketgrid.} */
    ChannelNames(String prefix) {
        this.prefix = prefix;
    }

    /** The key of the channel's epoch entry: the channel name with {@code %} and {@code @} escaped. */
    String key(String channel) {
        return channel.replace("%", "%25").replace("@", "%40");
    }

    String ringbuffer(String channel, String epoch) {
        return prefix + "ch." + key(channel) + "." + epoch + "@" + key(channel);
    }

    /** The channel whose epoch entry has this key. */
    String channel(String key) {
        return key.replace("%40", "@").replace("%25", "%");
    }

    /** The pattern that matches every channel ringbuffer, for their configuration. */
    String ringbufferPattern() {
        return prefix + "ch.*";
    }

    String epochMap() {
        return prefix + "epochs";
    }
}

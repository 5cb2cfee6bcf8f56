package io.socketgrid.engine;

import io.socketgrid.broker.Broker;
import io.socketgrid.broker.ChannelMessage;
import io.socketgrid.protocol.FrameCodec;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * This node's channel memberships. The node holds one broker subscription per channel that has at least one
 * local subscriber, and encodes each delivered message once, sending the same frame to every local member.
 */
final class ChannelFanout {

    private final Broker broker;
    private final FrameCodec codec;
    private final Map<String, LocalChannel> channels = new ConcurrentHashMap<>();

    ChannelFanout(Broker broker, FrameCodec codec) {
        this.broker = broker;
        this.codec = codec;
    }

    /** Adds {@code connection} to {@code channel}; subscribing the node on the broker if it is the first. */
    void subscribe(String channel, Connection connection) {
        channels.compute(channel, (name, local) -> {
            LocalChannel current = local != null ? local : new LocalChannel(name);
            current.members.add(connection);
            connection.channels().add(name);
            return current;
        });
    }

    /** Removes {@code connection} from {@code channel}; the node leaves the broker channel with its last member. */
    void unsubscribe(String channel, Connection connection) {
        channels.computeIfPresent(channel, (name, local) -> {
            local.members.remove(connection);
            connection.channels().remove(name);
            if (local.members.isEmpty()) {
                local.subscription.close();
                return null;
            }
            return local;
        });
    }

    void unsubscribeAll(Connection connection) {
        for (String channel : connection.channels().toArray(String[]::new)) {
            unsubscribe(channel, connection);
        }
    }

    void publish(ChannelMessage message) {
        broker.publish(message);
    }

    /** Channels with at least one local subscriber. */
    int localChannelCount() {
        return channels.size();
    }

    private final class LocalChannel implements Broker.ChannelListener {
        final Set<Connection> members = ConcurrentHashMap.newKeySet();
        final Broker.Subscription subscription;

        LocalChannel(String name) {
            this.subscription = broker.subscribe(name, this);
        }

        @Override
        public void onMessage(ChannelMessage message) {
            if (members.isEmpty()) {
                return;
            }
            String frame = codec.encodePublish(message.channel(), message.data());
            for (Connection member : members) {
                member.send(frame);
            }
        }
    }
}

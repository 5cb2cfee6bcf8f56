package io.socketgrid.broker;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;

/**
 * The single-node broker: delivers on the publisher's thread, so per-publisher order holds trivially.
 * The default when SocketGrid runs without a cluster.
 */
public final class InMemoryBroker implements Broker {

    private final Map<String, Set<ChannelListener>> listeners = new ConcurrentHashMap<>();

    @Override
    public Subscription subscribe(String channel, ChannelListener listener) {
        // a fresh wrapper per subscription so that the same listener object may subscribe twice
        ChannelListener entry = listener::onMessage;
        listeners.compute(channel, (c, set) -> {
            Set<ChannelListener> current = set == null ? new CopyOnWriteArraySet<>() : set;
            current.add(entry);
            return current;
        });
        return () -> listeners.computeIfPresent(channel, (c, set) -> {
            set.remove(entry);
            return set.isEmpty() ? null : set;
        });
    }

    @Override
    public void publish(ChannelMessage message) {
        Set<ChannelListener> subscribers = listeners.get(message.channel());
        if (subscribers != null) {
            for (ChannelListener listener : subscribers) {
                listener.onMessage(message);
            }
        }
    }

    @Override
    public void close() {
        listeners.clear();
    }
}

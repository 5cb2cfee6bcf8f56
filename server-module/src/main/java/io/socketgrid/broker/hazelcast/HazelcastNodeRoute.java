package io.socketgrid.broker.hazelcast;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.topic.ITopic;
import io.socketgrid.broker.NodeRoute;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Node routes over Hazelcast: each node listens on its own plain topic ({@code <prefix>node.<id>}), which
 * keeps no history (unlike a reliable topic or a channel's ringbuffer), so nothing sent stays in the
 * cluster after delivery. A topic delivers the messages of one member in publish order, to listeners on one
 * event thread at a time; only the named node listens on its topic, and a message to a node that is gone
 * finds no listener and is dropped.
 */
public final class HazelcastNodeRoute implements NodeRoute {

    private final HazelcastInstance hazelcast;
    private final String prefix;
    private final String nodeId;
    private final Map<String, ITopic<byte[]>> topics = new ConcurrentHashMap<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile UUID registration;
    private volatile ITopic<byte[]> inbox;

    /**
     * @param prefix what the names of SocketGrid's Hazelcast structures start with ({@code socketgrid.}); routes
     *               with different prefixes are independent
     */
    public HazelcastNodeRoute(HazelcastInstance hazelcast, String prefix, String nodeId) {
        this.hazelcast = hazelcast;
        this.prefix = prefix;
        this.nodeId = nodeId;
    }

    @Override
    public String localNode() {
        return nodeId;
    }

    @Override
    public CompletionStage<Void> send(String node, byte[] message) {
        if (closed.get()) {
            return CompletableFuture.failedFuture(new IllegalStateException("the route of " + nodeId + " is closed"));
        }
        try {
            return topics.computeIfAbsent(node, n -> hazelcast.getTopic(topicOf(n))).publishAsync(message);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public synchronized void receive(Consumer<byte[]> receiver) {
        if (registration != null) {
            throw new IllegalStateException("the route of " + nodeId + " already has a receiver");
        }
        inbox = hazelcast.getTopic(topicOf(nodeId));
        registration = inbox.addMessageListener(message -> receiver.accept(message.getMessageObject()));
    }

    @Override
    public synchronized void close() {
        if (closed.compareAndSet(false, true) && registration != null) {
            try {
                inbox.removeMessageListener(registration);
            } catch (RuntimeException memberStopping) {
                // the member is shutting down: its listeners go with it
            }
        }
        topics.clear();
    }

    private String topicOf(String node) {
        return prefix + "node." + node;
    }
}

package io.socketgrid.broker;

/**
 * Carries channel messages between the SocketGrid nodes of a cluster (or within one node).
 *
 * <p>The unit of subscription is a <em>node</em>, not a client socket: a node subscribes to a channel once,
 * when its first local socket subscribes, and fans each message out to its own sockets. Implementations
 * must keep this contract:
 * <ul>
 *   <li><b>Delivery</b>: a message published after {@link #subscribe} returned reaches that subscription's
 *       listener once, on every node, while the subscription is open; never after
 *       {@link Subscription#close()} returned.</li>
 *   <li><b>Order</b>: messages of one publisher (one thread on one node) on one channel reach each listener
 *       in publish order. Messages of different publishers have no defined relative order.</li>
 *   <li><b>Threading</b>: a listener may be called from any thread, and for different channels
 *       concurrently; it must not block. {@link #publish} never blocks on slow subscribers.</li>
 *   <li><b>Cost</b>: a publish crosses the cluster once per publish, not once per remote subscriber.</li>
 * </ul>
 */
public interface Broker extends AutoCloseable {

    /** Starts delivering {@code channel}'s messages to {@code listener}; close the result to stop. */
    Subscription subscribe(String channel, ChannelListener listener);

    /** Publishes {@code message} to every subscription of its channel, on every node. */
    void publish(ChannelMessage message);

    /** Releases the broker's resources; subscriptions stop receiving. */
    @Override
    void close();

    /** Receives the messages of one channel. */
    @FunctionalInterface
    interface ChannelListener {
        void onMessage(ChannelMessage message);
    }

    /** An open subscription; closing it twice is harmless. */
    interface Subscription extends AutoCloseable {
        @Override
        void close();
    }
}

package io.socketgrid.broker;

import jakarta.json.JsonValue;

import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Carries channel messages between the SocketGrid nodes of a cluster (or within one node), and keeps a
 * bounded history of each channel so that clients can recover what they missed.
 *
 * <p>The unit of subscription is a <em>node</em>, not a client socket: a node subscribes to a channel once,
 * when its first local socket subscribes, and fans each message out to its own sockets. Implementations
 * keep this contract:
 * <ul>
 *   <li><b>Positions</b>: each message of a channel gets the next offset of the channel's stream (0, 1, 2, …)
 *       within the stream's epoch. A new epoch means the stream was lost and restarted; offsets of
 *       different epochs are not comparable.</li>
 *   <li><b>Delivery</b>: every message whose offset is after the position {@link Subscription#ready()}
 *       completed with reaches that subscription's listener exactly once, in offset order, until
 *       {@link Subscription#close()} returns; nothing after that. An implementation that buffers may bound
 *       how far a subscription can fall behind the newest message; past that bound the subscription goes on
 *       after what it missed, so the listener sees a jump in the offsets, and the implementation logs it (the
 *       Hazelcast broker: the ringbuffer's capacity, at least 1,024 messages).</li>
 *   <li><b>Order</b>: messages published by one thread of one node on one channel get increasing offsets in
 *       call order (so they are delivered in that order everywhere).</li>
 *   <li><b>Threading</b>: no method blocks on the network or on other nodes; results come as completion
 *       stages. A listener may be called from any thread, never concurrently for one subscription, and must
 *       not block.</li>
 *   <li><b>Cost</b>: a publish crosses the cluster once per publish, not once per remote subscriber; a node
 *       with no subscription of a channel does no work for that channel's messages.</li>
 *   <li><b>History</b>: the last messages of each channel are kept, bounded in number and age; see
 *       {@link #recover}.</li>
 * </ul>
 */
public interface Broker extends AutoCloseable {

    /** Starts delivering {@code channel}'s messages to {@code listener}; close the result to stop. */
    Subscription subscribe(String channel, ChannelListener listener);

    /**
     * Appends {@code data} to {@code channel}. Completes with the stored message (its epoch and offset), or
     * exceptionally when the broker could not store it.
     */
    CompletionStage<ChannelMessage> publish(String channel, JsonValue data);

    /**
     * The messages of {@code channel} after {@code since}, oldest first, at most {@code limit}. The result is
     * {@linkplain Recovery#complete() complete} only when these are all the messages after {@code since}
     * (none of them has fallen out of the history and the epoch is the same).
     */
    CompletionStage<Recovery> recover(String channel, StreamPosition since, int limit);

    /** What carries the messages, for operators: {@code memory}, or {@code hazelcast} with the cluster size. */
    String describe();

    /** Releases the broker's resources; subscriptions stop receiving. */
    @Override
    void close();

    /** Receives the messages of one channel. */
    @FunctionalInterface
    interface ChannelListener {
        void onMessage(ChannelMessage message);

        /**
         * Consecutive messages of the channel that reached this node together, in offset order (a broker that
         * reads in batches hands a batch over at once, so the listener may send them on together). The same
         * contract as one {@link #onMessage} call per message, which is what it does by default.
         */
        default void onMessages(List<ChannelMessage> messages) {
            for (ChannelMessage message : messages) {
                onMessage(message);
            }
        }
    }

    /** An open subscription; closing it twice is harmless. */
    interface Subscription extends AutoCloseable {

        /**
         * Completes with the channel's position when the subscription is live: every message after that
         * position will be delivered. Completes exceptionally if the subscription could not be made.
         */
        CompletionStage<StreamPosition> ready();

        @Override
        void close();
    }
}

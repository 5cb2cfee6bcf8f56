package io.socketgrid.client;

import io.socketgrid.client.protocol.Position;

import java.util.concurrent.CompletableFuture;

/**
 * One channel a {@link ClientSocket} is subscribed to, until {@link #unsubscribe()}. The socket subscribes it
 * on the server now (or at the next handshake) and again after every reconnect, from {@link #position()}.
 */
public final class ChannelSubscription {

    private final ClientSocket socket;
    private final String channel;
    private final ChannelListener listener;
    private final CompletableFuture<Position> ready = new CompletableFuture<>();

    // the last position seen; guarded by this (deliveries and subscribe answers may race on the I/O thread
    // and a timer thread)
    private String epoch;
    private long offset;

    ChannelSubscription(ClientSocket socket, String channel, ChannelListener listener) {
        this.socket = socket;
        this.channel = channel;
        this.listener = listener;
    }

    public String channel() {
        return channel;
    }

    /**
     * Completes with the position the subscription starts after, once the server first confirmed it; fails
     * with a {@link SocketGridException} when the server refused it.
     */
    public CompletableFuture<Position> ready() {
        return ready;
    }

    /** The last position seen (delivered or confirmed), where a recovery starts; null before any. */
    public synchronized Position position() {
        return epoch == null ? null : new Position(epoch, offset);
    }

    /** Stops the deliveries and unsubscribes on the server. Idempotent. */
    public void unsubscribe() {
        socket.unsubscribe(this);
    }

    ChannelListener listener() {
        return listener;
    }

    /**
     * Records a message's position; false when it was seen already (a message both recovered and delivered
     * live). A message without a position (another server) always passes.
     */
    synchronized boolean advance(String messageEpoch, long messageOffset) {
        if (messageEpoch == null) {
            return true;
        }
        if (messageEpoch.equals(epoch) && messageOffset <= offset) {
            return false;
        }
        epoch = messageEpoch;
        offset = messageOffset;
        return true;
    }

    /**
     * Moves past offsets up to {@code lastLost} of {@code lostEpoch}, which the server said will never arrive;
     * false when this subscription is past them already or on another epoch (nothing of its stream was lost).
     */
    synchronized boolean skipLost(String lostEpoch, long lastLost) {
        if (epoch != null && (!epoch.equals(lostEpoch) || offset >= lastLost)) {
            return false;
        }
        epoch = lostEpoch;
        offset = lastLost;
        return true;
    }

    /** Starts over at {@code position} (the server said the messages since the old one are lost). */
    synchronized void reset(Position position) {
        epoch = position.epoch();
        offset = position.offset();
    }

    void confirmed(Position position) {
        ready.complete(position);
    }

    void refused(SocketGridException error) {
        ready.completeExceptionally(error);
    }
}

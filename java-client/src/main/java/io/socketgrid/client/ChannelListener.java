package io.socketgrid.client;

import jakarta.json.JsonValue;

/**
 * Receives one channel's messages. Called on the client's I/O threads, never in parallel for one socket; must
 * not block. Each message is delivered once and in order, across reconnects too, as far as the server's
 * history reaches (see {@link #onRecovery}).
 */
@FunctionalInterface
public interface ChannelListener {

    /** A message published to {@code channel}. */
    void onMessage(String channel, JsonValue data);

    /**
     * The channel was subscribed again after a reconnect, asking to recover from the last message seen.
     * {@code recovered} false means messages were lost (they fell out of the server's history, or the stream
     * restarted): the application should reload the channel's state. Also called with false, without a
     * reconnect, when the server announces that messages of the channel will never reach this socket
     * ({@code #gap}: its node fell too far behind the channel's stream); later messages follow as usual.
     */
    default void onRecovery(String channel, boolean recovered) {
    }

    /**
     * The subscription ended without {@link ChannelSubscription#unsubscribe()}: the server refused it (an
     * error such as {@code AuthError} or {@code InvalidArgumentsError}), or kicked the socket out
     * ({@code #kickOut}, name {@code KickOut}).
     */
    default void onEnded(String channel, SocketGridException why) {
    }
}

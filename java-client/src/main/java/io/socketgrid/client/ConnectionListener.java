package io.socketgrid.client;

/**
 * Life-cycle events of one {@link ClientSocket}, in the order they happened, on the client's I/O or timer
 * threads; a listener must not block (it holds back the socket's reading or every socket's timers). Every
 * method has an empty default.
 */
public interface ConnectionListener {

    /** A handshake succeeded (after the first connect and after every reconnect). */
    default void onConnect(Handshake handshake) {
    }

    /** A connected socket lost its connection ({@code code} 1006 when it broke without a close frame). */
    default void onDisconnect(int code, String reason) {
    }

    /** A reconnect is scheduled: attempt {@code attempt} (1, 2, …) after {@code delayMillis}. */
    default void onReconnecting(int attempt, long delayMillis) {
    }

    /** The socket is closed for good; nothing follows. */
    default void onClose(int code, String reason) {
    }

    /** Something went wrong that no future reports: a failed connect attempt, a frame the client cannot read. */
    default void onError(SocketGridException error) {
    }
}

package io.socketgrid.client;

/** Where a {@link ClientSocket} is in its life; {@link #CLOSED} is final. */
public enum ClientState {
    /** Opening the WebSocket or waiting for the handshake answer. */
    CONNECTING,
    /** The handshake was answered: frames go out at once. */
    CONNECTED,
    /** The connection was lost; a reconnect is scheduled. */
    DISCONNECTED,
    /** {@link ClientSocket#close()} was called, or the connection was lost and no reconnect follows. */
    CLOSED
}

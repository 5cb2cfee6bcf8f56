package io.socketgrid.protocol;

/**
 * What the server answers to {@code #handshake}. The client adopts {@code pingTimeout} as the time it waits
 * for the server's heartbeat before it gives the connection up; {@code authError} (null when none) says why
 * the token it sent was not accepted, and the client then forgets that token.
 */
public record HandshakeStatus(String socketId, long pingTimeoutMillis, boolean authenticated, AuthFailure authError) {

    public HandshakeStatus(String socketId, long pingTimeoutMillis, boolean authenticated) {
        this(socketId, pingTimeoutMillis, authenticated, null);
    }
}

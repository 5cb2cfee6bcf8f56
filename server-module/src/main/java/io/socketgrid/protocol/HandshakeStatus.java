package io.socketgrid.protocol;

/**
 * What the server answers to {@code #handshake}. The client adopts {@code pingTimeout} as the time it waits
 * for the server's heartbeat before it gives the connection up.
 */
public record HandshakeStatus(String socketId, long pingTimeoutMillis, boolean authenticated) {
}

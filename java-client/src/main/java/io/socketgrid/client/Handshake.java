package io.socketgrid.client;

/**
 * The server's answer to {@code #handshake}: the socket's id in the cluster, the time the server's heartbeats
 * may be apart at most, whether the socket is authenticated, and (null when none) the name of the error that
 * made the server refuse the token the client presented.
 */
public record Handshake(String id, long pingTimeoutMillis, boolean authenticated, String authError) {
}

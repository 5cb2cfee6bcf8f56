package io.socketgrid.protocol;

import java.util.Map;

/**
 * WebSocket close codes SocketGrid sends. Codes 4000-4009 and 1003/1009 mean what they mean in
 * SocketCluster (the official client maps them to the same reasons); 41xx codes are SocketGrid's own.
 * docs/PROTOCOL.md lists them for users.
 */
public final class CloseCodes {
    /** The server is shutting down or the application is undeployed. */
    public static final int GOING_AWAY = 1001;
    /** A frame could not be understood and carried no {@code cid} to answer with an error. */
    public static final int INVALID_DATA = 1003;
    /** A text frame exceeded the configured maximum size. */
    public static final int MESSAGE_TOO_BIG = 1009;
    /** The instance is at its {@code maxConnections} or {@code maxConnectionsPerAddress}: try another or later. */
    public static final int TRY_AGAIN_LATER = 1013;
    /** The server could not continue with this socket (an internal failure, logged server side). */
    public static final int INTERNAL_ERROR = 1011;
    /** The client did not answer the server's heartbeat within {@code pingTimeout}. */
    public static final int PONG_TIMEOUT = 4001;
    /** No {@code #handshake} arrived within the handshake timeout. */
    public static final int HANDSHAKE_TIMEOUT = 4005;
    /** The {@code #handshake} was not an invoke (it carried no {@code cid}). */
    public static final int HANDSHAKE_REJECTED = 4008;
    /** Something other than {@code #handshake} arrived first. */
    public static final int MESSAGE_BEFORE_HANDSHAKE = 4009;
    /** The socket's outbound queue passed its bound: the client reads slower than it is sent to. */
    public static final int SLOW_CONSUMER = 4100;

    private static final Map<Integer, String> REASONS = Map.of(
            GOING_AWAY, "Server going away",
            INVALID_DATA, "Server received invalid data",
            MESSAGE_TOO_BIG, "Message was too big to process",
            INTERNAL_ERROR, "Server encountered an unexpected condition",
            TRY_AGAIN_LATER, "Server is at its connection limit",
            PONG_TIMEOUT, "Client pong timed out",
            HANDSHAKE_TIMEOUT, "Did not receive #handshake from client before timeout",
            HANDSHAKE_REJECTED, "Server rejected handshake from client",
            MESSAGE_BEFORE_HANDSHAKE, "Server received a message before the client handshake",
            SLOW_CONSUMER, "Outbound queue limit exceeded");

    private CloseCodes() {
    }

    /** The reason phrase sent with {@code code}; never longer than the 123 bytes a close frame allows. */
    public static String reason(int code) {
        return REASONS.getOrDefault(code, "Closed");
    }
}

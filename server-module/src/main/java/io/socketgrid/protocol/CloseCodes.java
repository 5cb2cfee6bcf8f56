package io.socketgrid.protocol;

import java.util.Map;

/**
 * WebSocket close codes SocketGrid sends. Codes 4001-4009 and 1003/1009 mean what they mean in
 * SocketCluster (the official client maps them to the same reasons); 4000 is SocketCluster's "server ping
 * timed out", sent by the server to make clients reconnect at once ({@link #DRAINING}); 41xx codes are
 * SocketGrid's own. docs/PROTOCOL.md lists them for users.
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
    /**
     * The node is draining (it is about to stop): reconnect now, through the balancer, to another node. 4000
     * because the official socketcluster-client reconnects at once only after 4000, 4001 and 1005 (the last
     * may not be sent); after any other code it waits 10 to 20 s by default.
     */
    public static final int DRAINING = 4000;
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

    private static final Map<Integer, String> REASONS = Map.ofEntries(
            Map.entry(GOING_AWAY, "Server going away"),
            Map.entry(INVALID_DATA, "Server received invalid data"),
            Map.entry(MESSAGE_TOO_BIG, "Message was too big to process"),
            Map.entry(INTERNAL_ERROR, "Server encountered an unexpected condition"),
            Map.entry(TRY_AGAIN_LATER, "Server is at its connection limit"),
            Map.entry(DRAINING, "Server is draining: reconnect now"),
            Map.entry(PONG_TIMEOUT, "Client pong timed out"),
            Map.entry(HANDSHAKE_TIMEOUT, "Did not receive #handshake from client before timeout"),
            Map.entry(HANDSHAKE_REJECTED, "Server rejected handshake from client"),
            Map.entry(MESSAGE_BEFORE_HANDSHAKE, "Server received a message before the client handshake"),
            Map.entry(SLOW_CONSUMER, "Outbound queue limit exceeded"));

    private CloseCodes() {
    }

    /** The reason phrase sent with {@code code}; never longer than the 123 bytes a close frame allows. */
    public static String reason(int code) {
        return REASONS.getOrDefault(code, "Closed");
    }
}

package io.socketgrid.client.protocol;

/** Close codes the client sends, and the rule which server codes it reconnects after. */
public final class ClientCloseCodes {
    /** The application closed the socket. */
    public static final int NORMAL = 1000;
    /** No close frame was received (the connection broke); reported, never sent. */
    public static final int ABNORMAL = 1006;
    /** Nothing arrived from the server for its {@code pingTimeout} (SocketCluster's "Server ping timed out"). */
    public static final int PING_TIMEOUT = 4000;
    /** The WebSocket did not open, or the handshake was not answered, within {@code connectTimeout}. */
    public static final int CONNECT_TIMEOUT = 4007;
    /** The server refused the handshake. */
    public static final int HANDSHAKE_REJECTED = 4008;

    private ClientCloseCodes() {
    }

    /**
     * docs/PROTOCOL.md: "Clients should reconnect on every code below 4500 except 1000". Codes from 4500 on
     * are the application's way to say "do not come back".
     */
    public static boolean reconnectsAfter(int code) {
        return code != NORMAL && code < 4500;
    }
}

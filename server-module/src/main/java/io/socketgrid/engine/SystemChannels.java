package io.socketgrid.engine;

/**
 * The server's own channels: names starting with {@value #PREFIX}. No client may publish to them; only sockets
 * whose upgrade came from an operator ({@link UpgradeRequest#operator()}) may subscribe. The application and
 * SocketGrid itself publish to them through {@link io.socketgrid.api.SocketGridServer#publish}.
 */
public final class SystemChannels {

    /** What every server channel's name starts with. */
    public static final String PREFIX = "socketgrid.";
    /** Every node's metrics update, once a second (docs/MONITORING.md). */
    public static final String METRICS = PREFIX + "metrics";

    private SystemChannels() {
    }

    public static boolean isSystem(String channel) {
        return channel.startsWith(PREFIX);
    }
}

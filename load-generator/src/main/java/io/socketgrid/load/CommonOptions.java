package io.socketgrid.load;

import io.socketgrid.load.dialect.Dialect;
import picocli.CommandLine.Option;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

/** The options every workload shares: target, transport, bounds, reports. */
public final class CommonOptions {

    /** Which WebSocket implementation carries the connections. */
    public enum TransportKind { NETTY, JDK }

    @Option(names = "--url", paramLabel = "URL",
            description = "WebSocket URL (ws:// or wss://, any host). Default: the dialect's local server: "
                    + "socketgrid ws://127.0.0.1:8080/socketcluster/, socketcluster ws://127.0.0.1:8182/socketcluster/, "
                    + "socketio ws://127.0.0.1:8183/socket.io/ (socketio adds ?EIO=4&transport=websocket when absent).")
    URI url;

    @Option(names = "--dialect", paramLabel = "NAME", defaultValue = "socketgrid",
            description = "socketgrid | socketcluster (protocol v2, socketcluster-server) | socketio (Socket.IO v4). Default: ${DEFAULT-VALUE}.")
    Dialect dialect;

    @Option(names = "--transport", paramLabel = "NAME", defaultValue = "netty",
            description = "netty (binds source addresses on Java 17, sends binary) | jdk (java.net.http; source addresses "
                    + "need Java 19+, no binary, so no files). Default: ${DEFAULT-VALUE}.")
    TransportKind transport;

    @Option(names = "--io-threads", paramLabel = "N", defaultValue = "1",
            description = "I/O threads of the transport (Netty event loops, or the JDK client's callback pool). Default: ${DEFAULT-VALUE}.")
    int ioThreads;

    @Option(names = "--source-addresses", paramLabel = "LIST",
            description = "Local addresses to connect from, round-robin per connection: IPs and IPv4 ranges, "
                    + "e.g. 127.0.0.1-127.0.0.8 or 127.0.0.2-9,127.0.1.1 (each source/destination pair has ≈ 28k ephemeral ports).")
    String sourceAddresses;

    @Option(names = "--rate", paramLabel = "PER_SECOND",
            description = "New connections per second (default: thesis 20, flood 1000, fanout 1000, files 100, idle 500).")
    Double rate;

    @Option(names = "--max-pending", paramLabel = "N", defaultValue = "1000",
            description = "Opening handshakes in flight at most; opening waits for a free place. Default: ${DEFAULT-VALUE}.")
    int maxPending;

    @Option(names = "--connect-timeout", paramLabel = "DURATION", defaultValue = "10s", converter = DurationConverter.class,
            description = "How long one opening handshake may take. Default: ${DEFAULT-VALUE}.")
    Duration connectTimeout;

    @Option(names = "--duration", paramLabel = "DURATION", defaultValue = "20s", converter = DurationConverter.class,
            description = "The sending phase, from the start, connecting included (whole seconds). The run ends at most "
                    + "duration + drain + 5 s after it starts. Default: ${DEFAULT-VALUE}.")
    Duration duration;

    @Option(names = "--warmup", paramLabel = "DURATION", defaultValue = "0s", converter = DurationConverter.class,
            description = "The first part of the duration left out of latencies and rates. Default: ${DEFAULT-VALUE}.")
    Duration warmup;

    @Option(names = "--drain", paramLabel = "DURATION", defaultValue = "5s", converter = DurationConverter.class,
            description = "After sending stops, how long answers are still awaited before closing. Default: ${DEFAULT-VALUE}.")
    Duration drain;

    @Option(names = "--max-connections", paramLabel = "N", defaultValue = "20000",
            description = "Connections opened at most, whatever the workload asks. Default: ${DEFAULT-VALUE}.")
    int maxConnections;

    @Option(names = "--max-messages", paramLabel = "N", defaultValue = "100000000",
            description = "Messages sent at most (pings, publishes, uploads); sending stops when they are spent. Default: ${DEFAULT-VALUE}.")
    long maxMessages;

    @Option(names = "--out", paramLabel = "DIR",
            description = "Write summary.json, summary.csv and timeline.csv into DIR (the JSON summary also goes to stdout).")
    Path out;

    @Option(names = "--server-pid", paramLabel = "PID",
            description = "Sample this local process's CPU and RSS from /proc every second (the server under load).")
    Long serverPid;

    @Option(names = "--server-metrics", paramLabel = "URL",
            description = "SocketGrid's metrics document to read at the end (default with --dialect socketgrid: "
                    + "http(s)://<host:port of --url>/socketgrid/metrics).")
    URI serverMetrics;

    @Option(names = "--no-server-metrics", description = "Do not read SocketGrid's metrics document.")
    boolean noServerMetrics;

    @Option(names = "--label", paramLabel = "TEXT", description = "Prefix of the progress line. Default: <workload> <dialect>.")
    String label;

    @Option(names = "--quiet", description = "No progress line (notes and the summary still print).")
    boolean quiet;
}

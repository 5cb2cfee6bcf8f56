package io.socketgrid.load.dialect;

import io.socketgrid.client.protocol.ClientCodec;
import jakarta.json.spi.JsonProvider;

import java.net.URI;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * The wire dialects the load generator speaks, so that one workload, one transport and one code path drive
 * SocketGrid, socketcluster-server and socket.io (the semantics of scripts/bench/dialect.mjs).
 */
public enum Dialect {

    /** SocketGrid: SocketCluster protocol v2 plus its extensions (file transfer, the metrics document). */
    SOCKETGRID("ws://127.0.0.1:8080/socketcluster/") {
        @Override
        public Session newSession(int index, SessionEvents events, LongSupplier clock) {
            return new SocketClusterSession(index, events, clock, Codecs.SOCKETCLUSTER);
        }

        @Override
        public boolean hasFileTransfer() {
            return true;
        }

        @Override
        public URI metricsUri(URI target) {
            String scheme = "wss".equalsIgnoreCase(target.getScheme()) ? "https" : "http";
            String path = target.getPath() == null ? "" : target.getPath();
            String root = path.endsWith("/socketcluster/") || path.endsWith("/socketcluster")
                    ? path.substring(0, path.lastIndexOf("/socketcluster")) : "";
            return URI.create(scheme + "://" + target.getRawAuthority() + root + "/socketgrid/metrics");
        }
    },

    /** socketcluster-server 20 (protocol v2): the same wire as SocketGrid, without its extensions. */
    SOCKETCLUSTER("ws://127.0.0.1:8182/socketcluster/") {
        @Override
        public Session newSession(int index, SessionEvents events, LongSupplier clock) {
            return new SocketClusterSession(index, events, clock, Codecs.SOCKETCLUSTER);
        }
    },

    /** socket.io 4 (engine.io v4 framing, Socket.IO protocol 5) over a plain WebSocket. */
    SOCKETIO("ws://127.0.0.1:8183/socket.io/?EIO=4&transport=websocket") {
        @Override
        public Session newSession(int index, SessionEvents events, LongSupplier clock) {
            return new SocketIoSession(index, events, clock, Codecs.SOCKETIO);
        }

        /** Adds {@code EIO=4} and {@code transport=websocket} to the query when the URL has none. */
        @Override
        public URI target(URI given) {
            String query = given.getRawQuery();
            StringBuilder added = new StringBuilder(query == null ? "" : query);
            if (query == null || !query.matches("(^|.*&)EIO=.*")) {
                added.append(added.length() == 0 ? "" : "&").append("EIO=4");
            }
            if (query == null || !query.matches("(^|.*&)transport=.*")) {
                added.append("&transport=websocket");
            }
            return URI.create(given.getScheme() + "://" + given.getRawAuthority()
                    + (given.getRawPath() == null || given.getRawPath().isEmpty() ? "/socket.io/" : given.getRawPath())
                    + "?" + added);
        }
    };

    private final URI defaultUrl;

    Dialect(String defaultUrl) {
        this.defaultUrl = URI.create(defaultUrl);
    }

    /** The URL of the server this dialect's benchmarks start by default (scripts/run.sh, scripts/bench/peers). */
    public URI defaultUrl() {
        return defaultUrl;
    }

    /** The URL to connect to for {@code given} (Socket.IO adds its query). */
    public URI target(URI given) {
        return given;
    }

    /** A session for connection {@code index}; {@code clock} reads nanoseconds for round trips. */
    public abstract Session newSession(int index, SessionEvents events, LongSupplier clock);

    /** Whether the server speaks SocketGrid's file transfer (SocketCluster and Socket.IO have none). */
    public boolean hasFileTransfer() {
        return false;
    }

    /** SocketGrid's {@code GET /socketgrid/metrics} for a WebSocket URL, or null when the server has none. */
    public URI metricsUri(URI target) {
        return null;
    }

    /** The name on the command line. */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** One JSON provider lookup and one codec of each kind, shared by every session. */
    private static final class Codecs {
        static final JsonProvider JSON = JsonProvider.provider();
        static final ClientCodec SOCKETCLUSTER = new ClientCodec(JSON);
        static final SocketIoCodec SOCKETIO = new SocketIoCodec(JSON);
    }
}

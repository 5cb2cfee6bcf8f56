package io.socketgrid.client;

import io.socketgrid.client.protocol.ClientCodec;
import io.socketgrid.client.transport.JdkWebSocketTransport;
import io.socketgrid.client.transport.Transport;

import java.net.URI;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The entry point: connects {@link ClientSocket}s, which share this client's resources — the JDK HTTP
 * client(s) and their selector thread, one timer thread, one JSON codec. Make one per JVM (or per load
 * generator) and close it at the end; closing it closes every socket's transport.
 *
 * <pre>{@code
 * try (SocketGridClient client = SocketGridClient.create()) {
 *     ClientSocket socket = client.connect(URI.create("ws://localhost:8080/socketcluster/"), ClientOptions.defaults());
 *     JsonValue count = socket.invoke("ping", JsonValue.EMPTY_JSON_OBJECT).get(5, TimeUnit.SECONDS);
 * }
 * }</pre>
 */
public final class SocketGridClient implements AutoCloseable {

    private final ClientRuntime runtime;
    private final AutoCloseable[] owned;

    SocketGridClient(ClientRuntime runtime, AutoCloseable... owned) {
        this.runtime = runtime;
        this.owned = owned;
    }

    /** A client with the defaults of {@link Builder}. */
    public static SocketGridClient create() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Opens a socket to {@code uri} (a {@code ws://} or {@code wss://} URL of the endpoint, e.g.
     * {@code ws://host:8080/socketcluster/}). Returns at once; the socket connects, handshakes and
     * reconnects by itself ({@link ClientSocket#connected()} completes at the first handshake).
     *
     * @throws UnsupportedOperationException when {@code options} name a local address the transport cannot bind
     */
    public ClientSocket connect(URI uri, ClientOptions options) {
        return connect(uri, options, null);
    }

    /**
     * As {@link #connect(URI, ClientOptions)}, with {@code listener} (null for none) registered before the first
     * attempt starts, so that it sees every event, the first failure included.
     */
    public ClientSocket connect(URI uri, ClientOptions options, ConnectionListener listener) {
        ClientSocket socket = new ClientSocket(uri, options, runtime);
        if (listener != null) {
            socket.addListener(listener);
        }
        socket.start();
        return socket;
    }

    /** Stops the timer thread and releases the transport; sockets still open stop working (close them first). */
    @Override
    public void close() {
        for (AutoCloseable resource : owned) {
            try {
                resource.close();
            } catch (Exception e) {
                // releasing threads only; nothing the caller could act on
            }
        }
    }

    /** Settings shared by every socket of a client. */
    public static final class Builder {
        private Executor executor;
        private int maxOutboundChars = 1 << 20;
        private int maxInboundChars = 16 << 20;
        private Transport transport;

        private Builder() {
        }

        /**
         * The executor that runs the JDK WebSocket callbacks, and so every handler and listener; the JDK's
         * default (a cached pool) when not set. A load generator may pass a small fixed pool.
         */
        public Builder executor(Executor value) {
            executor = value;
            return this;
        }

        /** Characters that may wait to be sent on one connection before it is aborted (default 1 Mi). */
        public Builder maxOutboundChars(int value) {
            maxOutboundChars = value;
            return this;
        }

        /** The longest text message accepted (default 16 Mi characters); a longer one aborts the connection. */
        public Builder maxInboundChars(int value) {
            maxInboundChars = value;
            return this;
        }

        /**
         * Another WebSocket implementation, e.g. {@code io.socketgrid.client.transport.netty.NettyTransport}
         * (binds a source address on Java 17; needs netty-codec-http). The client closes it when it is closed;
         * {@link #executor} and the character bounds then do not apply (the transport has its own).
         */
        public Builder transport(Transport value) {
            transport = value;
            return this;
        }

        public SocketGridClient build() {
            Transport transport = this.transport != null ? this.transport
                    : new JdkWebSocketTransport(executor, maxOutboundChars, maxInboundChars);
            SchedulerTimers timers = new SchedulerTimers();
            ClientRuntime runtime = new ClientRuntime(transport, timers, new ClientCodec(), () -> ThreadLocalRandom.current().nextDouble());
            return new SocketGridClient(runtime, transport, timers);
        }
    }
}

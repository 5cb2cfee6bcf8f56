package io.socketgrid.engine;

import io.socketgrid.api.ClientSocket;
import io.socketgrid.api.Handlers;
import io.socketgrid.api.SocketGridServer;
import io.socketgrid.api.Verdict;
import io.socketgrid.broker.Broker;
import io.socketgrid.config.SecurityConfig;
import io.socketgrid.config.SocketGridConfig;
import io.socketgrid.protocol.AuthFailure;
import io.socketgrid.protocol.CloseCodes;
import io.socketgrid.protocol.FrameCodec;
import io.socketgrid.protocol.HandshakeGate;
import io.socketgrid.protocol.HandshakeStatus;
import io.socketgrid.protocol.HeartbeatPolicy;
import io.socketgrid.protocol.InboundFrame;
import io.socketgrid.protocol.InvalidFrameKind;
import io.socketgrid.security.ConnectionLimits;
import io.socketgrid.security.TokenBucket;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.LongSupplier;

/**
 * The SocketGrid engine of one node, free of any container API: a container adapter calls {@link #open},
 * {@link #onMessage} and {@link #onTransportClosed} for each WebSocket, and the engine does the rest
 * (handshake, heartbeats, routing, channels, bounded sends).
 *
 * <p>Contract with the adapter: {@code onMessage} is never called concurrently for one connection;
 * {@code onTransportClosed} may come from any thread, also after the engine closed the socket itself.
 * The engine owns its connection registry and its {@link HeartbeatSweep}; {@link #close()} closes every socket
 * with 1001 and stops the sweep. The broker belongs to the caller.
 */
public final class SocketGridEngine implements SocketGridServer, AutoCloseable {

    private static final System.Logger LOG = System.getLogger(SocketGridEngine.class.getName());

    private final SocketGridConfig config;
    private final FrameCodec codec;
    private final DataMapper mapper;
    private final HandlerRegistry handlers;
    private final EngineObserver observer;
    private final ChannelFanout fanout;
    private final FrameRouter router;
    private final ActionDecoder decoder;
    private final InboundInterception interception;
    private final MiddlewareChain middleware;
    private final SocketAuthentication authentication;
    private final ConnectionLimits limits;
    private final int inboundRate;
    private final int inboundBurst;
    private final int maxBatchLength;
    private final LongSupplier wallClock;
    private final ProblemLog problems;
    private final String nodeId;
    private final SocketIds ids;
    private final DirectDelivery direct;
    private final ProtocolExtensions extensions;
    private final ConnectionWriter writer;
    private final ConnectionRegistry connections;
    private final SendBacklog sendBacklog = new SendBacklog();
    private final HeartbeatSweep sweep;
    private volatile boolean draining;

    /**
     * The engine's collaborators, wired by {@link EngineBuilder}.
     *
     * @param nodeId    this node's id: the prefix of its socket ids
     * @param wallClock epoch milliseconds now, for token expiry
     */
    record Parts(SocketGridConfig config, Broker broker, EngineObserver observer, String nodeId, ProblemLog problems,
                 FrameCodec codec, DataMapper mapper, HandlerRegistry handlers, MiddlewareChain middleware,
                 ChannelFanout fanout, ConnectionWriter writer, SocketAuthentication authentication,
                 ActionDecoder decoder, InboundInterception interception, FrameRouter router,
                 ProtocolExtensions extensions, LongSupplier wallClock) {
    }

    /** Starts composing an engine for {@code config} whose channels {@code broker} carries. */
    public static EngineBuilder builder(SocketGridConfig config, Broker broker) {
        return new EngineBuilder(config, broker);
    }

    SocketGridEngine(Parts parts) {
        SecurityConfig security = parts.config().security();
        this.config = parts.config();
        this.wallClock = parts.wallClock();
        this.nodeId = parts.nodeId();
        this.ids = new SocketIds(nodeId);
        this.codec = parts.codec();
        this.mapper = parts.mapper();
        this.observer = parts.observer();
        this.problems = parts.problems();
        this.middleware = parts.middleware();
        this.handlers = parts.handlers();
        this.fanout = parts.fanout();
        this.writer = parts.writer();
        this.authentication = parts.authentication();
        this.decoder = parts.decoder();
        this.interception = parts.interception();
        this.router = parts.router();
        this.extensions = parts.extensions();
        HeartbeatPolicy heartbeat =
                new HeartbeatPolicy(config.pingInterval(), config.pingTimeout(), config.handshakeTimeout());
        this.connections = new ConnectionRegistry(HeartbeatSweep.sliceCount(heartbeat));
        this.direct = new DirectDelivery(nodeId, parts.broker(), codec.json(), connections::get, observer);
        this.limits = new ConnectionLimits(security.maxConnections(), security.maxConnectionsPerAddress());
        this.inboundRate = security.inboundRate();
        this.inboundBurst = security.inboundBurst();
        this.maxBatchLength = security.maxBatchLength();
        this.sweep = new HeartbeatSweep(connections, heartbeat, authentication, wallClock, this::release, problems);
    }

    /** Where the application registers its handlers; may be used before or after sockets connect. */
    public Handlers handlers() {
        return handlers;
    }

    /** Where protocol extensions register; use it before sockets connect. */
    public ProtocolExtensions extensions() {
        return extensions;
    }

    /** How extensions send frames and answers to a connection. */
    public ConnectionWriter writer() {
        return writer;
    }

    /** The local connection with id {@code id}, or null. */
    public Connection connection(String id) {
        return connections.get(id);
    }


    /** A new WebSocket about whose upgrade request nothing is known (tests). */
    public Connection open(Transport transport) {
        return open(transport, UpgradeRequest.UNKNOWN);
    }

    /**
     * A new WebSocket was accepted; it must now handshake within the handshake timeout. Over
     * {@code maxConnections} or {@code maxConnectionsPerAddress} it is closed at once with 1013 and the
     * connection returned is already released (the adapter may still report its messages and close). While
     * the engine {@linkplain #drain() drains}, it is closed at once with 4000 (reconnect elsewhere).
     */
    public Connection open(Transport transport, UpgradeRequest upgrade) {
        long now = System.nanoTime();
        TokenBucket rate = inboundRate > 0 ? new TokenBucket(inboundRate, Math.max(1, inboundBurst), now) : null;
        Connection connection = new Connection(ids.next(), transport, this, config.outboundQueueLimit(), sendBacklog,
                upgrade, rate, now);
        ConnectionLimits.Refusal refusal = limits.tryAcquire(upgrade.remoteAddress());
        if (refusal != ConnectionLimits.Refusal.NONE) {
            boolean instanceFull = refusal == ConnectionLimits.Refusal.INSTANCE_FULL;
            observer.security(instanceFull ? SecurityEvent.INSTANCE_FULL : SecurityEvent.ADDRESS_FULL);
            problems.report("connection-refused", connection + " from " + upgrade.remoteAddress() + " refused: "
                    + (instanceFull ? "maxConnections" : "maxConnectionsPerAddress"));
            connection.markReleased();
            transport.close(CloseCodes.TRY_AGAIN_LATER, CloseCodes.reason(CloseCodes.TRY_AGAIN_LATER));
            return connection;
        }
        connections.add(connection);
        observer.connectionOpened();
        if (draining) {
            // read after the put: drain() either sees this connection or we see its flag
            close(connection, CloseCodes.DRAINING);
        }
        return connection;
    }

    /**
     * Drains this node before it stops: every open socket is closed with 4000 ({@link CloseCodes#DRAINING}),
     * which clients answer by reconnecting at once (through the balancer, to another node, where channel
     * recovery replays what they missed), and so is every socket opened from now on. It cannot be undone.
     *
     * @return the sockets this call closed
     */
    public int drain() {
        draining = true;
        int closed = 0;
        for (Connection connection : connections.all()) {
            if (close(connection, CloseCodes.DRAINING, CloseCodes.reason(CloseCodes.DRAINING))) {
                closed++;
            }
        }
        LOG.log(System.Logger.Level.INFO, "SocketGrid node " + nodeId + " drains: closed " + closed + " socket(s)");
        return closed;
    }

    /** Whether {@link #drain()} was called: the node takes no new sockets and should leave the balancer. */
    public boolean isDraining() {
        return draining;
    }

    /** A text message arrived on {@code connection}. Never throws for anything the client sent. */
    public void onMessage(Connection connection, String text) {
        observer.messageIn(text.length());
        long now = System.nanoTime();
        connection.inboundAt(now);
        if (text.length() > config.maxMessageBytes()) {
            onOversized(connection, text.length() + " characters, over the limit of " + config.maxMessageBytes());
            return;
        }
        List<InboundFrame> frames = codec.decode(text);
        if (frames.size() > maxBatchLength) {
            observer.security(SecurityEvent.BATCH_TOO_LONG);
            problems.report("batch-too-long", connection + " sent a batch of " + frames.size()
                    + " frames, over the limit of " + maxBatchLength);
            close(connection, CloseCodes.MESSAGE_TOO_BIG);
            return;
        }
        for (InboundFrame frame : frames) {
            if (frame instanceof InboundFrame.Invalid invalid) {
                observer.invalidFrame(invalid.kind());
            }
            HandshakeGate.Admission admission = connection.gate().admit(frame);
            switch (admission) {
                case ACCEPT_HANDSHAKE -> acceptHandshake(connection, (InboundFrame.Event) frame, now);
                case DISPATCH -> dispatch(connection, frame, now);
                case IGNORE -> { }
                default -> {
                    problems.report(admission.name(), connection + ": " + CloseCodes.reason(admission.closeCode()));
                    close(connection, admission.closeCode());
                    return;
                }
            }
            if (connection.gate().state() == HandshakeGate.State.CLOSED) {
                return; // a frame of this batch closed the socket: the rest is not for us
            }
        }
    }

    /** The interception point: every event of an open connection is decided on once, then routed or answered. */
    private void dispatch(Connection connection, InboundFrame frame, long now) {
        if (frame instanceof InboundFrame.Event event) {
            ClientAction action = decoder.decode(event);
            Verdict verdict = interception.check(connection, action, now);
            if (verdict.allowed()) {
                router.route(connection, action);
            } else {
                router.blocked(connection, action, verdict);
            }
        } else {
            router.other(connection, frame);
        }
    }

    /** {@code connection} sent a message over its size limit ({@code what} says which): closed with 1009. */
    public void onOversized(Connection connection, String what) {
        problems.report("oversized", connection + " sent " + what);
        close(connection, CloseCodes.MESSAGE_TOO_BIG);
    }

    /**
     * A binary message arrived on {@code connection}; the engine owns {@code message}. Binary messages go to the
     * extension that takes them (file transfer); without one the socket is closed with 1003. Never throws for
     * anything the client sent.
     */
    public void onBinary(Connection connection, ByteBuffer message) {
        observer.binaryIn(message.remaining());
        connection.inboundAt(System.nanoTime());
        HandshakeGate.Admission admission = connection.gate().admitBinary();
        switch (admission) {
            case DISPATCH -> {
                ProtocolExtensions.BinaryMessageHandler handler = extensions.binary();
                if (handler == null) {
                    observer.invalidFrame(InvalidFrameKind.UNEXPECTED_BINARY);
                    problems.report("unexpected-binary", connection + " sent a binary message; none is expected");
                    close(connection, CloseCodes.INVALID_DATA);
                    return;
                }
                try {
                    handler.onBinary(connection, message);
                } catch (RuntimeException e) {
                    observer.handlerFailed();
                    problems.report("binary-handler-failed", "the binary message handler failed on " + connection, e);
                }
            }
            case IGNORE -> { }
            default -> {
                problems.report(admission.name(), connection + ": " + CloseCodes.reason(admission.closeCode()));
                close(connection, admission.closeCode());
            }
        }
    }

    private void acceptHandshake(Connection connection, InboundFrame.Event handshake, long now) {
        connection.pingedAt(now);
        AuthFailure authError = authentication.onHandshake(connection, handshake.data());
        Verdict verdict = middleware.check(MiddlewareChain.Hook.HANDSHAKE, connection, null, null);
        if (!verdict.allowed()) {
            observer.security(SecurityEvent.MIDDLEWARE_BLOCKED);
            problems.report("handshake-blocked", connection + " was refused by a handshake middleware: "
                    + verdict.message());
            writer.fail(connection, handshake.cid(), verdict.error(), verdict.message());
            close(connection, CloseCodes.HANDSHAKE_REJECTED);
            return;
        }
        HandshakeStatus status = new HandshakeStatus(connection.id(), config.pingTimeout().toMillis(),
                connection.isAuthenticated(), authError);
        connection.send(codec.encodeHandshakeStatus(handshake.cid(), status));
        observer.handshakeAccepted();
        for (Handlers.ConnectionListener listener : handlers.connectionListeners()) {
            try {
                listener.onConnect(connection);
            } catch (RuntimeException e) {
                observer.handlerFailed();
                problems.report("connect-listener-failed", "a connection listener failed", e);
            }
        }
    }

    /** The WebSocket of {@code connection} closed (by either side) with {@code code}. Idempotent. */
    public void onTransportClosed(Connection connection, int code) {
        release(connection, code);
    }

    /** Closes {@code connection} with {@code code} and its standard reason. Idempotent. */
    public void close(Connection connection, int code) {
        close(connection, code, CloseCodes.reason(code));
    }

    /** Closes {@code connection} with {@code code} and {@code reason}; false when it was closed already. */
    boolean close(Connection connection, int code, String reason) {
        if (release(connection, code)) {
            connection.transport().close(code, reason);
            return true;
        }
        return false;
    }

    void slowConsumer(Connection connection) {
        observer.slowConsumerClosed();
        problems.report("slow-consumer", connection + " was closed: more than " + config.outboundQueueLimit()
                + " characters waited to be sent to it");
        close(connection, CloseCodes.SLOW_CONSUMER);
    }

    private boolean release(Connection connection, int code) {
        boolean handshaken = connection.gate().state() == HandshakeGate.State.OPEN;
        if (!connection.markReleased()) {
            return false;
        }
        connections.remove(connection);
        limits.release(connection.remoteAddress());
        fanout.unsubscribeAll(connection);
        observer.connectionClosed(code);
        for (ProtocolExtensions.ReleaseListener listener : extensions.releaseListeners()) {
            try {
                listener.released(connection);
            } catch (RuntimeException e) {
                problems.report("release-listener-failed", "an extension failed to release " + connection, e);
            }
        }
        if (handshaken) {
            for (Handlers.DisconnectionListener listener : handlers.disconnectionListeners()) {
                try {
                    listener.onDisconnect(connection, code);
                } catch (RuntimeException e) {
                    observer.handlerFailed();
                    problems.report("disconnect-listener-failed", "a disconnection listener failed", e);
                }
            }
        }
        return true;
    }

    @Override
    public CompletionStage<Void> publish(String channel, Object data) {
        return fanout.publish(channel, mapper.toJson(data)).thenApply(message -> null);
    }

    @Override
    public CompletionStage<Boolean> transmitTo(String socketId, String event, Object data) {
        return direct.transmit(socketId, event, mapper.toJson(data));
    }

    /** The current value of every gauge the application registered, by name. */
    public Map<String, Long> gauges() {
        return handlers.gaugeValues();
    }

    /** This node's id: the prefix of its socket ids. */
    public String nodeId() {
        return nodeId;
    }

    @Override
    public Optional<ClientSocket> localSocket(String id) {
        return Optional.ofNullable(connections.get(id));
    }

    @Override
    public int localConnectionCount() {
        return connections.size();
    }

    /** What this node's sockets have waiting to be written: in all, and in the fullest queue. */
    public record SendQueueDepth(long totalBytes, long maxBytes) {
    }

    /** The send queues now (a pass over the sockets with frames waiting; for a monitor, not the message path). */
    public SendQueueDepth sendQueueDepth() {
        return sendBacklog.depth();
    }

    /** The {@code limit} channels with the most subscribers on this node, and their counts, largest first. */
    public Map<String, Integer> largestLocalChannels(int limit) {
        return fanout.largestChannels(limit);
    }

    /** Channels with at least one subscriber on this node. */
    public int localChannelCount() {
        return fanout.localChannelCount();
    }

    /** Closes every socket with 1001 (going away) and stops the heartbeat sweep. */
    @Override
    public void close() {
        sweep.close();
        direct.close();
        for (Connection connection : connections.all()) {
            close(connection, CloseCodes.GOING_AWAY);
        }
        LOG.log(System.Logger.Level.INFO, "SocketGrid engine stopped");
    }

    SocketAuthentication authentication() {
        return authentication;
    }

    FrameCodec codec() {
        return codec;
    }

    DataMapper mapper() {
        return mapper;
    }

    EngineObserver observer() {
        return observer;
    }

}

package io.socketgrid.engine;

import io.socketgrid.broker.Broker;
import io.socketgrid.cluster.NodeIds;
import io.socketgrid.config.SecurityConfig;
import io.socketgrid.config.SocketGridConfig;
import io.socketgrid.protocol.FrameCodec;
import io.socketgrid.security.ChannelPatterns;
import io.socketgrid.security.TokenService;

import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Composes a {@link SocketGridEngine}: the caller chooses what differs between deployments and tests (node id,
 * observer, presence, token service, clock), and {@link #build()} wires the engine's collaborators once, in
 * dependency order, so that the engine itself builds nothing and no collaborator holds the engine.
 */
public final class EngineBuilder {

    private final SocketGridConfig config;
    private final Broker broker;
    private EngineObserver observer = EngineObserver.NONE;
    private String nodeId;
    private PresenceListener presence = PresenceListener.NONE;
    private TokenService tokens;
    private LongSupplier wallClock = System::currentTimeMillis;

    EngineBuilder(SocketGridConfig config, Broker broker) {
        this.config = Objects.requireNonNull(config, "config");
        this.broker = Objects.requireNonNull(broker, "broker");
    }

    /** Told of every connection event and message (default: none). */
    public EngineBuilder observer(EngineObserver observer) {
        this.observer = Objects.requireNonNull(observer, "observer");
        return this;
    }

    /**
     * This node's id, unique in the cluster: the prefix of its socket ids and the address targeted sends use
     * (no {@code .}); default: a random one.
     */
    public EngineBuilder nodeId(String nodeId) {
        this.nodeId = Objects.requireNonNull(nodeId, "nodeId");
        return this;
    }

    /** Told of every local channel join and leave (default: nobody). */
    public EngineBuilder presence(PresenceListener presence) {
        this.presence = Objects.requireNonNull(presence, "presence");
        return this;
    }

    /** Signs and verifies auth tokens (default: from the security settings). */
    public EngineBuilder tokens(TokenService tokens) {
        this.tokens = Objects.requireNonNull(tokens, "tokens");
        return this;
    }

    /** Epoch milliseconds now: what token expiry is measured against (default: the system clock). */
    public EngineBuilder wallClock(LongSupplier wallClock) {
        this.wallClock = Objects.requireNonNull(wallClock, "wallClock");
        return this;
    }

    /** A started engine: its heartbeat thread runs until {@link SocketGridEngine#close()}. */
    public SocketGridEngine build() {
        SecurityConfig security = config.security();
        ProblemLog problems = new ProblemLog();
        FrameCodec codec = new FrameCodec();
        DataMapper mapper = new DataMapper(codec.json());
        MiddlewareChain middleware = new MiddlewareChain((hook, failure) -> {
            observer.security(SecurityEvent.MIDDLEWARE_FAILED);
            problems.report("middleware-failed:" + hook, "a " + hook + " middleware failed", failure);
        });
        HandlerRegistry handlers = new HandlerRegistry(mapper, middleware);
        ChannelFanout fanout = new ChannelFanout(broker, codec, config.historySize(), config.deliveryBatchBytes(), presence,
                new OutboundInterception(middleware, observer), observer);
        ConnectionWriter writer = new ConnectionWriter(codec);
        SocketAuthentication authentication = new SocketAuthentication(
                tokens != null ? tokens : TokenService.from(security),
                new ChannelPatterns(security.authChannels()), codec, mapper, fanout, observer);
        ProtocolExtensions extensions = new ProtocolExtensions();
        FrameRouter router = new FrameRouter(codec, mapper, writer, observer, handlers, fanout, authentication,
                extensions, problems);
        return new SocketGridEngine(new SocketGridEngine.Parts(config, broker, observer,
                nodeId != null ? nodeId : NodeIds.random(), problems, codec, mapper, handlers, middleware, fanout,
                writer, authentication, new ActionDecoder(config.maxChannelNameLength()),
                new InboundInterception(config, authentication, middleware, observer, wallClock), router,
                extensions, wallClock));
    }
}

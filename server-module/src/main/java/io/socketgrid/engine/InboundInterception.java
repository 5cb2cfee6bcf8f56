package io.socketgrid.engine;

import io.socketgrid.api.Verdict;
import io.socketgrid.config.SocketGridConfig;
import io.socketgrid.protocol.ProtocolError;
import io.socketgrid.security.TokenBucket;

import java.util.function.LongSupplier;

/**
 * The one point every action of an open connection passes, once, between the handshake gate and the router:
 * the socket's rate limit, the end of an expired token, the built-in rules (client publish switched off, the
 * subscription cap, the server's own channels, channels that require authentication) and then the application's middlewares. Answers
 * {@link Verdict#ALLOW} or the block the router answers with; counts each block.
 *
 * <p>Called on the connection's inbound thread; allocates nothing when the action is allowed.
 */
final class InboundInterception {

    /** The error a socket over its {@code inboundRate} gets. */
    static final String RATE_LIMITED = "RateLimitError";
    /** The error an unauthenticated socket gets for a channel that requires authentication (a SocketCluster name). */
    static final String AUTH_REQUIRED = "AuthError";

    private static final Verdict OVER_RATE = Verdict.block(RATE_LIMITED,
            "too many messages: the socket is over its rate limit; retry later");
    private static final Verdict NO_CLIENT_PUBLISH = Verdict.block(ProtocolError.INVALID_ACTION,
            "clients may not publish on this server");
    private static final Verdict SERVER_CHANNEL_PUBLISH = Verdict.block(ProtocolError.INVALID_ACTION,
            "channels starting with '" + SystemChannels.PREFIX + "' are the server's: clients may not publish to them");
    private static final Verdict SERVER_CHANNEL_SUBSCRIBE = Verdict.block(ProtocolError.INVALID_ACTION,
            "channels starting with '" + SystemChannels.PREFIX + "' are open to operators only: this machine, or "
                    + "users in socketgrid.opsRole");

    private final boolean allowClientPublish;
    private final int maxSubscriptions;
    private final Verdict tooManySubscriptions;
    private final SocketAuthentication auth;
    private final MiddlewareChain middleware;
    private final EngineObserver observer;
    private final LongSupplier wallClock;

    /** @param wallClock epoch milliseconds now, for token expiry */
    InboundInterception(SocketGridConfig config, SocketAuthentication auth, MiddlewareChain middleware,
                        EngineObserver observer, LongSupplier wallClock) {
        this.wallClock = wallClock;
        this.allowClientPublish = config.allowClientPublish();
        this.maxSubscriptions = config.maxSubscriptionsPerSocket();
        this.tooManySubscriptions = Verdict.block(ProtocolError.INVALID_ACTION,
                "a socket may subscribe to at most " + maxSubscriptions + " channels");
        this.auth = auth;
        this.middleware = middleware;
        this.observer = observer;
    }

    /** Decides on {@code action} of {@code connection}, which arrived at {@code now} (nanoTime). */
    Verdict check(Connection connection, ClientAction action, long now) {
        TokenBucket rate = connection.rateLimit();
        if (rate != null && !rate.tryTake(now)) {
            observer.security(SecurityEvent.RATE_LIMITED);
            return OVER_RATE;
        }
        if (connection.auth().token() != null) {
            auth.expireIfDue(connection, wallClock.getAsLong());
        }
        Verdict builtIn = builtInRules(connection, action);
        if (!builtIn.allowed()) {
            observer.security(SecurityEvent.POLICY_BLOCKED);
            return builtIn;
        }
        Verdict verdict = middlewares(connection, action);
        if (!verdict.allowed()) {
            observer.security(SecurityEvent.MIDDLEWARE_BLOCKED);
        }
        return verdict;
    }

    private Verdict builtInRules(Connection connection, ClientAction action) {
        if (action instanceof ClientAction.Subscribe subscribe) {
            if (!connection.channels().contains(subscribe.channel()) && connection.channels().size() >= maxSubscriptions) {
                return tooManySubscriptions;
            }
            if (SystemChannels.isSystem(subscribe.channel()) && !connection.operator()) {
                return SERVER_CHANNEL_SUBSCRIBE;
            }
            return authRequired(connection, subscribe.channel());
        }
        if (action instanceof ClientAction.Publish publish) {
            if (!allowClientPublish) {
                return NO_CLIENT_PUBLISH;
            }
            return SystemChannels.isSystem(publish.channel()) ? SERVER_CHANNEL_PUBLISH : authRequired(connection, publish.channel());
        }
        return Verdict.ALLOW;
    }

    private Verdict authRequired(Connection connection, String channel) {
        if (auth.requiresAuthentication(channel) && !connection.auth().authenticated()) {
            return Verdict.block(AUTH_REQUIRED, "channel '" + channel + "' requires an authenticated socket");
        }
        return Verdict.ALLOW;
    }

    private Verdict middlewares(Connection connection, ClientAction action) {
        if (action instanceof ClientAction.Invoke invoke) {
            return middleware.check(MiddlewareChain.Hook.INVOKE, connection, invoke.event().event(), invoke.event().data());
        }
        if (action instanceof ClientAction.Transmit transmit) {
            return middleware.check(MiddlewareChain.Hook.TRANSMIT, connection, transmit.event().event(),
                    transmit.event().data());
        }
        if (action instanceof ClientAction.Subscribe subscribe) {
            return middleware.check(MiddlewareChain.Hook.SUBSCRIBE, connection, subscribe.channel(), null);
        }
        if (action instanceof ClientAction.Publish publish) {
            return middleware.check(MiddlewareChain.Hook.PUBLISH_IN, connection, publish.channel(), publish.data());
        }
        return Verdict.ALLOW;
    }
}

package io.socketgrid.engine;

import io.socketgrid.api.ClientSocket;
import io.socketgrid.protocol.CloseCodes;
import io.socketgrid.protocol.HandshakeGate;
import io.socketgrid.security.TokenBucket;
import io.socketgrid.security.VerifiedToken;
import jakarta.json.JsonObject;

import java.security.Principal;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One client socket inside the engine: its handshake state, heartbeat times, subscriptions and outbound
 * queue. Created by {@link SocketGridEngine#open}; released exactly once, whoever closes first.
 */
public final class Connection implements ClientSocket {

    private final String id;
    private final Transport transport;
    private final SocketGridEngine engine;
    private final OutboundQueue outbound;
    private final HandshakeGate gate = new HandshakeGate();
    private final Set<String> channels = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean released = new AtomicBoolean();
    private final long openedAt;
    private final String remoteAddress;
    private final boolean operator;
    private final TokenBucket rateLimit;
    private volatile AuthState auth;
    private volatile long lastInbound;
    private volatile long lastPing;

    /**
     * @param backlog   the engine's record of the send queues with frames waiting
     * @param rateLimit the socket's inbound rate limit, or null for none
     */
    Connection(String id, Transport transport, SocketGridEngine engine, long outboundLimit, SendBacklog backlog,
               UpgradeRequest upgrade, TokenBucket rateLimit, long now) {
        this.id = id;
        this.remoteAddress = upgrade.remoteAddress();
        this.operator = upgrade.operator();
        this.rateLimit = rateLimit;
        this.auth = upgrade.principal() != null ? new AuthState(upgrade.principal(), null) : AuthState.ANONYMOUS;
        this.transport = transport;
        this.engine = engine;
        this.openedAt = now;
        this.lastInbound = now;
        this.lastPing = now;
        this.outbound = new OutboundQueue(transport, outboundLimit, new OutboundQueue.Listener() {
            @Override
            public void onOverflow() {
                engine.slowConsumer(Connection.this);
            }

            @Override
            public void onWriteFailed(Throwable failure) {
                engine.close(Connection.this, CloseCodes.INTERNAL_ERROR);
            }

            @Override
            public void onWritten(OutboundFrame frame) {
                if (frame instanceof OutboundFrame.Text text) {
                    engine.observer().messageOut(text.text().length());
                } else {
                    engine.observer().binaryOut(frame.bytes());
                }
            }
        }, backlog);
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public boolean transmit(String event, Object data) {
        return send(engine.codec().encodeTransmit(event, engine.mapper().toJson(data)));
    }

    @Override
    public void close(int code, String reason) {
        engine.close(this, code, reason);
    }

    @Override
    public boolean isOpen() {
        return gate.state() == HandshakeGate.State.OPEN;
    }

    @Override
    public Set<String> subscriptions() {
        return Set.copyOf(channels);
    }

    @Override
    public String remoteAddress() {
        return remoteAddress;
    }

    @Override
    public boolean isAuthenticated() {
        return auth.authenticated();
    }

    @Override
    public Optional<Principal> principal() {
        return Optional.ofNullable(auth.principal());
    }

    @Override
    public Optional<JsonObject> authToken() {
        VerifiedToken token = auth.token();
        return token == null ? Optional.empty() : Optional.of(token.claims());
    }

    @Override
    public void setAuthToken(Object claims) {
        engine.authentication().setAuthToken(this, claims);
    }

    @Override
    public void deauthenticate() {
        engine.authentication().removeToken(this, true);
    }

    AuthState auth() {
        return auth;
    }

    void auth(AuthState state) {
        auth = state;
    }

    TokenBucket rateLimit() {
        return rateLimit;
    }

    /** Queues an encoded text frame; false when the socket is closed or has just overflowed. */
    boolean send(String frame) {
        return outbound.offer(frame);
    }

    /** Queues {@code frame}; false when the socket is closed or has just overflowed. */
    boolean send(OutboundFrame frame) {
        return outbound.offer(frame);
    }

    /** Whether the upgrade came from an operator (see {@link UpgradeRequest#operator()}). */
    boolean operator() {
        return operator;
    }

    Transport transport() {
        return transport;
    }

    HandshakeGate gate() {
        return gate;
    }

    /** The live set of subscribed channels, maintained by {@link ChannelFanout}. */
    Set<String> channels() {
        return channels;
    }

    long openedAt() {
        return openedAt;
    }

    long lastInbound() {
        return lastInbound;
    }

    void inboundAt(long now) {
        lastInbound = now;
    }

    long lastPing() {
        return lastPing;
    }

    void pingedAt(long now) {
        lastPing = now;
    }

    /** True the first time only: the caller then owns releasing this connection's resources. */
    boolean markReleased() {
        if (!released.compareAndSet(false, true)) {
            return false;
        }
        gate.close();
        outbound.close();
        return true;
    }

    @Override
    public String toString() {
        return "socket " + id + " (" + transport.describe() + ")";
    }
}

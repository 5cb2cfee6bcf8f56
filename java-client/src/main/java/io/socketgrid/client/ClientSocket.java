package io.socketgrid.client;

import io.socketgrid.client.protocol.ClientCloseCodes;
import io.socketgrid.client.protocol.ClientCodec;
import io.socketgrid.client.protocol.ErrorNames;
import io.socketgrid.client.protocol.FrameSink;
import io.socketgrid.client.protocol.Position;
import io.socketgrid.client.protocol.ReservedEvents;
import io.socketgrid.client.transport.Wire;
import io.socketgrid.client.transport.WireListener;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * One logical connection to a SocketGrid server, kept open across reconnects until {@link #close()}.
 *
 * <p>Contracts:
 * <ul>
 * <li>Threads: no thread of its own, and every method is thread-safe. Channel and transmit handlers run on
 *     the transport's I/O callbacks of the current connection: one at a time per socket, in arrival order.
 *     Life-cycle listeners and what depends on the futures run there or on the client's timer thread (a
 *     timeout, a watchdog, a reconnect). None of them may block.</li>
 * <li>Nothing is lost silently: an invoke settles exactly once (the answer, the server's named error, a
 *     {@code TimeoutError}, or a {@code BadConnectionError} when the socket is disconnected or closed, or the
 *     connection is lost before the answer). Transmits made while not connected wait (at most
 *     {@code maxQueued} frames, in call order) and go out right after the next handshake; {@link #close()}
 *     discards them.</li>
 * <li>Liveness: every server heartbeat {@code ""} is answered; when nothing arrives for the server's
 *     {@code pingTimeout} ({@code connectTimeout} before the handshake) the connection is dropped (4000, or
 *     4007 before the handshake) and, like every lost connection, reconnected with backoff.</li>
 * <li>Channels: every subscription is renewed after each reconnect, before queued frames go out, asking to
 *     recover from the last position seen; the missed messages are delivered first, each once and in order,
 *     then {@link ChannelListener#onRecovery} reports whether nothing was lost.</li>
 * <li>Memory: bounded per socket by {@code maxQueued} frames, the pending invokes, and the transport's send
 *     queue; decoding a message allocates its JSON values and no frame objects.</li>
 * </ul>
 */
public final class ClientSocket implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(ClientSocket.class.getName());
    private static final long NO_CID = ClientCodec.NO_CID;

    private final URI uri;
    private final ClientOptions options;
    private final ClientRuntime runtime;
    private final ClientCodec codec;

    private final List<ConnectionListener> listeners = new CopyOnWriteArrayList<>();
    private final Map<String, Consumer<JsonValue>> transmitHandlers = new ConcurrentHashMap<>();
    private final CompletableFuture<Handshake> firstHandshake = new CompletableFuture<>();

    // guarded by this
    private ClientState state = ClientState.CONNECTING;
    private volatile Attempt current; // volatile: the I/O thread checks it without the lock
    private String id;
    private long nextCid = 1;
    private int failedAttempts;
    private String authToken;
    private Timers.Cancellable reconnectTimer = Timers.Cancellable.NONE;
    private Timers.Cancellable watchdog = Timers.Cancellable.NONE;
    private final PendingCalls calls = new PendingCalls();
    private final ArrayDeque<Queued> queue = new ArrayDeque<>();
    private final Map<String, ChannelSubscription> channels = new LinkedHashMap<>();

    /** A frame waiting for the handshake; {@code cid} is {@link ClientCodec#NO_CID} for a transmit. */
    private record Queued(String frame, long cid) {
    }

    ClientSocket(URI uri, ClientOptions options, ClientRuntime runtime) {
        this.uri = uri;
        this.options = options;
        this.runtime = runtime;
        this.codec = runtime.codec();
        this.authToken = options.authToken();
    }

    /** Starts the first attempt; the transport's refusal (a local address it cannot bind) is thrown here. */
    void start() {
        open();
    }

    public URI uri() {
        return uri;
    }

    public synchronized ClientState state() {
        return state;
    }

    /** The id the server gave in the current handshake; null while not connected. */
    public synchronized String id() {
        return id;
    }

    /** The token presented in the next handshake (the last one the server set or accepted); null when none. */
    public synchronized String authToken() {
        return authToken;
    }

    /** Completes at the first successful handshake; fails when the socket closes before one. */
    public CompletableFuture<Handshake> connected() {
        return firstHandshake;
    }

    public void addListener(ConnectionListener listener) {
        listeners.add(listener);
    }

    public void removeListener(ConnectionListener listener) {
        listeners.remove(listener);
    }

    /**
     * Handles the server's transmits of {@code event} (one handler per event; a second replaces the first).
     * Reserved events ({@code #…}) never reach application handlers.
     */
    public void onTransmit(String event, Consumer<JsonValue> handler) {
        transmitHandlers.put(applicationEvent(event), handler);
    }

    // ---------------------------------------------------------------------------------------------------- sending

    /**
     * Sends {@code event} with {@code data} (null for none); no answer. Sent at once when connected, else
     * queued for the next handshake.
     *
     * @throws SocketGridException {@code QueueFullError}, or {@code BadConnectionError} after close()
     */
    public void transmit(String event, JsonValue data) {
        send(codec.encodeTransmit(applicationEvent(event), data), NO_CID, event);
    }

    /** Calls procedure {@code event} with the default {@code invokeTimeout}; see {@link #invoke(String, JsonValue, Duration)}. */
    public CompletableFuture<JsonValue> invoke(String event, JsonValue data) {
        return invoke(event, data, options.invokeTimeout());
    }

    /**
     * Calls procedure {@code event}; completes with the answer ({@link JsonValue#NULL} when it has none) or
     * fails with a {@link SocketGridException} named by the server's error, {@code TimeoutError},
     * {@code BadConnectionError} or {@code QueueFullError}. An invoke made while connecting waits for the
     * handshake, within its timeout.
     */
    public CompletableFuture<JsonValue> invoke(String event, JsonValue data, Duration timeout) {
        return call(applicationEvent(event), data, timeout.toMillis());
    }

    /** Publishes {@code data} to {@code channel}; completes once the server handed it to the broker. */
    public CompletableFuture<Void> publish(String channel, JsonValue data) {
        return call(ReservedEvents.PUBLISH, codec.publishData(channelName(channel), data), options.invokeTimeout().toMillis())
                .thenAccept(answer -> { });
    }

    /**
     * Presents {@code token} (a JWT the server's {@code authKey} signed); when accepted it is also presented in
     * every later handshake, when refused the socket forgets its token.
     */
    public CompletableFuture<AuthStatus> authenticate(String token) {
        return call(ReservedEvents.AUTHENTICATE, codec.json().createValue(token), options.invokeTimeout().toMillis())
                .thenApply(answer -> {
                    AuthStatus status = authStatus(answer);
                    synchronized (this) {
                        authToken = status.authenticated() ? token : null;
                    }
                    return status;
                });
    }

    /** Logs out: the server and this socket drop the token. */
    public void deauthenticate() {
        synchronized (this) {
            authToken = null;
        }
        send(codec.encodeTransmit(ReservedEvents.REMOVE_AUTH_TOKEN, null), NO_CID, ReservedEvents.REMOVE_AUTH_TOKEN);
    }

    /**
     * Subscribes to {@code channel} (now, or at the next handshake) until the subscription's
     * {@link ChannelSubscription#unsubscribe()}; renewed with recovery after every reconnect.
     *
     * @throws IllegalStateException when this socket is subscribed to {@code channel} already
     * @throws SocketGridException {@code BadConnectionError} after close()
     */
    public ChannelSubscription subscribe(String channel, ChannelListener listener) {
        ChannelSubscription subscription = new ChannelSubscription(this, channelName(channel), listener);
        synchronized (this) {
            if (state == ClientState.CLOSED) {
                throw new SocketGridException(ErrorNames.BAD_CONNECTION, channel + ": the socket is closed");
            }
            if (channels.putIfAbsent(channel, subscription) != null) {
                throw new IllegalStateException("already subscribed to " + channel);
            }
            if (state == ClientState.CONNECTED) {
                requestSubscription(subscription);
            }
        }
        return subscription;
    }

    void unsubscribe(ChannelSubscription subscription) {
        synchronized (this) {
            if (!channels.remove(subscription.channel(), subscription) || state != ClientState.CONNECTED) {
                return;
            }
            current.wire.sendText(codec.encodeTransmit(ReservedEvents.UNSUBSCRIBE, codec.json().createValue(subscription.channel())));
        }
    }

    /**
     * Closes the socket for good: no reconnect, pending invokes fail with {@code BadConnectionError}, queued
     * frames are discarded, {@link ConnectionListener#onDisconnect} (when it was connected) and
     * {@link ConnectionListener#onClose} follow. Idempotent.
     */
    @Override
    public void close() {
        Wire wire;
        boolean wasConnected;
        List<PendingCalls.Call> failed;
        synchronized (this) {
            if (state == ClientState.CLOSED) {
                return;
            }
            wasConnected = state == ClientState.CONNECTED;
            wire = current == null ? null : current.wire;
            current = null;
            failed = finish();
        }
        if (wire != null) {
            wire.close(ClientCloseCodes.NORMAL, "Client closed");
        }
        String reason = "Client closed";
        failAll(failed, "the socket was closed by the client");
        if (wasConnected) {
            tell(l -> l.onDisconnect(ClientCloseCodes.NORMAL, reason));
        }
        closed(ClientCloseCodes.NORMAL, reason);
    }

    /** Sends or queues one encoded frame; throws when closed or when the queue is full. */
    private void send(String frame, long cid, String what) {
        synchronized (this) {
            if (state == ClientState.CLOSED) {
                throw new SocketGridException(ErrorNames.BAD_CONNECTION, what + ": the socket is closed");
            }
            if (state == ClientState.CONNECTED) {
                current.wire.sendText(frame); // false only while the wire closes: lost() follows
                return;
            }
            if (queue.size() >= options.maxQueued()) {
                throw new SocketGridException(ErrorNames.QUEUE_FULL, queue.size() + " frames already wait for the connection");
            }
            queue.add(new Queued(frame, cid));
        }
    }

    /** An invoke without name checks, reserved events included. */
    private CompletableFuture<JsonValue> call(String event, JsonValue data, long timeoutMillis) {
        CompletableFuture<JsonValue> result = new CompletableFuture<>();
        synchronized (this) {
            if (state == ClientState.CLOSED || state == ClientState.DISCONNECTED) {
                result.completeExceptionally(new SocketGridException(ErrorNames.BAD_CONNECTION, event + ": the socket is " + state));
                return result;
            }
            long cid = nextCid++;
            Timers.Cancellable timeout = runtime.timers().schedule(() -> timedOut(cid, timeoutMillis), timeoutMillis);
            calls.add(cid, new PendingCalls.Call(event, result, timeout));
            try {
                send(codec.encodeInvoke(event, data, cid), cid, event);
            } catch (SocketGridException full) {
                calls.take(cid).fail(full);
            }
        }
        return result;
    }

    private void timedOut(long cid, long timeoutMillis) {
        PendingCalls.Call call;
        synchronized (this) {
            call = calls.take(cid);
            queue.removeIf(queued -> queued.cid == cid);
        }
        if (call != null) {
            call.fail(new SocketGridException(ErrorNames.TIMEOUT, call.event() + ": no answer from the server within " + timeoutMillis + " ms"));
        }
    }

    // ------------------------------------------------------------------------------------------------- connecting

    private void open() {
        Attempt attempt;
        synchronized (this) {
            if (state == ClientState.CLOSED) {
                return;
            }
            state = ClientState.CONNECTING;
            attempt = new Attempt();
            current = attempt;
            watchSilence(attempt, options.connectTimeout().toMillis(), ClientCloseCodes.CONNECT_TIMEOUT,
                    "Client connection establishment timed out");
        }
        runtime.transport().open(uri, options.localAddress(), options.connectTimeout(), attempt);
    }

    /** Drops {@code attempt}'s connection when nothing arrives for {@code limit} ms. Called holding the lock. */
    private void watchSilence(Attempt attempt, long limit, int code, String reason) {
        watchdog.cancel();
        attempt.lastInbound = runtime.timers().nowMillis();
        watchdog = runtime.timers().schedule(() -> checkSilence(attempt, limit, code, reason), limit);
    }

    private void checkSilence(Attempt attempt, long limit, int code, String reason) {
        synchronized (this) {
            if (current != attempt) {
                return;
            }
            long idle = runtime.timers().nowMillis() - attempt.lastInbound;
            if (idle < limit) {
                watchdog = runtime.timers().schedule(() -> checkSilence(attempt, limit, code, reason), limit - idle);
                return;
            }
        }
        drop(attempt, code, reason);
    }

    /** Forgets {@code attempt}'s connection at once (its close handshake may never finish) and reconnects. */
    private void drop(Attempt attempt, int code, String reason) {
        Wire wire;
        synchronized (this) {
            if (current != attempt) {
                return;
            }
            wire = attempt.wire;
        }
        if (wire != null) {
            wire.abort();
        }
        lost(attempt, code, reason);
    }

    /** {@code attempt}'s connection ended: fail what awaits an answer, tell the listeners, reconnect or close. */
    private void lost(Attempt attempt, int code, String reason) {
        boolean wasConnected;
        boolean reconnect;
        int attemptNumber = 0;
        long delay = 0;
        List<PendingCalls.Call> failed;
        synchronized (this) {
            if (current != attempt) {
                return;
            }
            wasConnected = state == ClientState.CONNECTED;
            current = null;
            id = null;
            watchdog.cancel();
            reconnect = options.autoReconnect() && ClientCloseCodes.reconnectsAfter(code);
            if (reconnect) {
                failed = calls.takeAll();
                queue.removeIf(queued -> queued.cid != NO_CID);
                state = ClientState.DISCONNECTED;
                attemptNumber = ++failedAttempts;
                delay = options.jitter() ? options.backoff().delay(attemptNumber, runtime.random().getAsDouble())
                        : options.backoff().ceiling(attemptNumber);
                reconnectTimer = runtime.timers().schedule(this::open, delay);
            } else {
                failed = finish();
            }
        }
        failAll(failed, "the connection was lost (" + code + " " + reason + ") before the server answered");
        if (wasConnected) {
            tell(l -> l.onDisconnect(code, reason));
        } else {
            report(new SocketGridException(ErrorNames.CONNECT_ABORT, "could not connect to " + uri + " (" + code + " " + reason + ")"));
        }
        if (reconnect) {
            int number = attemptNumber;
            long wait = delay;
            tell(l -> l.onReconnecting(number, wait));
        } else {
            closed(code, reason);
        }
    }

    /** Moves to CLOSED and cancels everything; returns the calls to fail. Called holding the lock. */
    private List<PendingCalls.Call> finish() {
        state = ClientState.CLOSED;
        id = null;
        reconnectTimer.cancel();
        watchdog.cancel();
        queue.clear();
        return calls.takeAll();
    }

    private void closed(int code, String reason) {
        firstHandshake.completeExceptionally(new SocketGridException(ErrorNames.BAD_CONNECTION,
                "the socket closed before a handshake (" + code + " " + reason + ")"));
        tell(l -> l.onClose(code, reason));
    }

    private static void failAll(List<PendingCalls.Call> failed, String why) {
        for (PendingCalls.Call call : failed) {
            call.fail(new SocketGridException(ErrorNames.BAD_CONNECTION, call.event() + ": " + why));
        }
    }

    private void handshaken(Attempt attempt, JsonValue data) {
        if (!(data instanceof JsonObject status) || !(status.get("id") instanceof JsonString socketId)) {
            drop(attempt, ClientCloseCodes.HANDSHAKE_REJECTED, "Server rejected handshake: " + data);
            return;
        }
        long pingTimeout = status.get("pingTimeout") instanceof JsonNumber n ? n.longValue() : 20_000;
        JsonValue authError = status.get("authError");
        Handshake handshake = new Handshake(socketId.getString(), pingTimeout,
                status.getBoolean("isAuthenticated", false),
                authError instanceof JsonObject e ? e.getString("name", "AuthTokenError") : null);
        synchronized (this) {
            if (current != attempt || state != ClientState.CONNECTING) {
                return; // a stale attempt, or a second answer to the same handshake
            }
            id = handshake.id();
            failedAttempts = 0;
            if (handshake.authError() != null) {
                authToken = null;
            }
            state = ClientState.CONNECTED;
            watchSilence(attempt, pingTimeout > 0 ? pingTimeout : 20_000, ClientCloseCodes.PING_TIMEOUT, "Server ping timed out");
            for (ChannelSubscription subscription : channels.values()) {
                requestSubscription(subscription);
            }
            for (Queued queued = queue.poll(); queued != null; queued = queue.poll()) {
                attempt.wire.sendText(queued.frame);
            }
        }
        firstHandshake.complete(handshake);
        tell(l -> l.onConnect(handshake));
    }

    // --------------------------------------------------------------------------------------------------- channels

    /** Sends {@code #subscribe}, with the recovery position when one is known. Called holding the lock. */
    private void requestSubscription(ChannelSubscription subscription) {
        Position since = subscription.position();
        call(ReservedEvents.SUBSCRIBE, codec.subscribeData(subscription.channel(), since), options.invokeTimeout().toMillis())
                .whenComplete((answer, failure) -> {
                    if (failure == null) {
                        subscribed(subscription, since, answer);
                    } else {
                        subscribeFailed(subscription, failure instanceof SocketGridException e ? e
                                : new SocketGridException(ErrorNames.INVALID_MESSAGE, String.valueOf(failure)));
                    }
                });
    }

    private void subscribed(ChannelSubscription subscription, Position since, JsonValue answer) {
        Position start = Position.of(answer);
        if (start == null) {
            subscription.confirmed(null); // a server without the history extension
            return;
        }
        boolean recovered = answer.asJsonObject().getBoolean("recovered", false);
        if (since != null && !recovered) {
            subscription.reset(start);
        } else {
            subscription.advance(start.epoch(), start.offset());
        }
        subscription.confirmed(start);
        if (since != null && isSubscribed(subscription)) {
            safely(() -> subscription.listener().onRecovery(subscription.channel(), recovered));
        }
    }

    private void subscribeFailed(ChannelSubscription subscription, SocketGridException error) {
        if (error.name().equals(ErrorNames.BAD_CONNECTION)) {
            return; // requested again after the reconnect
        }
        if (error.name().equals(ErrorNames.TIMEOUT)) {
            report(error); // the server may still subscribe it; the next reconnect asks again
            return;
        }
        boolean removed;
        synchronized (this) {
            removed = channels.remove(subscription.channel(), subscription);
        }
        subscription.refused(error);
        if (removed) {
            safely(() -> subscription.listener().onEnded(subscription.channel(), error));
        }
    }

    private synchronized boolean isSubscribed(ChannelSubscription subscription) {
        return channels.get(subscription.channel()) == subscription;
    }

    private void delivered(JsonValue data) {
        if (!(data instanceof JsonObject delivery) || !(delivery.get("channel") instanceof JsonString channel)) {
            report(new SocketGridException(ErrorNames.INVALID_MESSAGE, "a #publish without a channel: " + data));
            return;
        }
        ChannelSubscription subscription;
        synchronized (this) {
            subscription = channels.get(channel.getString());
        }
        if (subscription == null) {
            return; // unsubscribed meanwhile
        }
        String epoch = delivery.get("epoch") instanceof JsonString e ? e.getString() : null;
        long offset = delivery.get("offset") instanceof JsonNumber o ? o.longValue() : 0;
        if (subscription.advance(epoch, offset)) {
            JsonValue payload = delivery.getOrDefault("data", JsonValue.NULL);
            safely(() -> subscription.listener().onMessage(subscription.channel(), payload));
        }
    }

    /** {@code #gap}: messages of a channel were lost on the server's side; told as a failed recovery. */
    private void gap(JsonValue data) {
        if (!(data instanceof JsonObject gap) || !(gap.get("channel") instanceof JsonString channel)
                || !(gap.get("epoch") instanceof JsonString epoch) || !(gap.get("to") instanceof JsonNumber to)) {
            report(new SocketGridException(ErrorNames.INVALID_MESSAGE, "a #gap without channel, epoch or to: " + data));
            return;
        }
        ChannelSubscription subscription;
        synchronized (this) {
            subscription = channels.get(channel.getString());
        }
        if (subscription != null && subscription.skipLost(epoch.getString(), to.longValue())) {
            safely(() -> subscription.listener().onRecovery(subscription.channel(), false));
        }
    }

    private void kickedOut(JsonValue data) {
        if (!(data instanceof JsonObject kick) || !(kick.get("channel") instanceof JsonString channel)) {
            return;
        }
        ChannelSubscription subscription;
        synchronized (this) {
            subscription = channels.remove(channel.getString());
        }
        if (subscription != null) {
            SocketGridException why = new SocketGridException("KickOut", String.valueOf(kick.get("message")));
            safely(() -> subscription.listener().onEnded(subscription.channel(), why));
        }
    }

    // ------------------------------------------------------------------------------------------------ server events

    private void serverEvent(Attempt attempt, String event, JsonValue data, long cid) {
        if (cid != NO_CID) { // this client offers no procedures; answer so the server never waits
            attempt.wire.sendText(codec.encodeError(cid, ErrorNames.NO_PROCEDURE, "the client handles no invoke of '" + event + "'"));
            return;
        }
        switch (event) {
            case ReservedEvents.PUBLISH -> delivered(data);
            case ReservedEvents.SET_AUTH_TOKEN -> {
                if (data instanceof JsonObject set && set.get("token") instanceof JsonString token) {
                    synchronized (this) {
                        authToken = token.getString();
                    }
                }
            }
            case ReservedEvents.REMOVE_AUTH_TOKEN -> {
                synchronized (this) {
                    authToken = null;
                }
            }
            case ReservedEvents.KICK_OUT -> kickedOut(data);
            case ReservedEvents.GAP -> gap(data);
            default -> {
                Consumer<JsonValue> handler = ReservedEvents.isReserved(event) ? null : transmitHandlers.get(event);
                if (handler != null) {
                    safely(() -> handler.accept(data));
                }
            }
        }
    }

    private void answered(Attempt attempt, long rid, JsonValue data) {
        if (rid == attempt.handshakeCid) {
            handshaken(attempt, data);
            return;
        }
        PendingCalls.Call call;
        synchronized (this) {
            call = calls.take(rid);
        }
        if (call != null) { // else: the answer to an invoke that timed out already
            call.succeed(data);
        }
    }

    private void refused(Attempt attempt, long rid, String name, String message) {
        if (rid == attempt.handshakeCid) {
            drop(attempt, ClientCloseCodes.HANDSHAKE_REJECTED, "Server rejected handshake: " + name + ": " + message);
            return;
        }
        PendingCalls.Call call;
        synchronized (this) {
            call = calls.take(rid);
        }
        if (call != null) {
            call.fail(new SocketGridException(name, message));
        }
    }

    private static AuthStatus authStatus(JsonValue answer) {
        if (!(answer instanceof JsonObject status)) {
            return new AuthStatus(false, "AuthTokenError");
        }
        JsonValue error = status.get("authError");
        return new AuthStatus(status.getBoolean("isAuthenticated", false),
                error instanceof JsonObject e ? e.getString("name", "AuthTokenError") : null);
    }

    // ------------------------------------------------------------------------------------------------------ helpers

    private static String applicationEvent(String event) {
        if (event == null || event.isEmpty()) {
            throw new IllegalArgumentException("event must be a non-empty string");
        }
        if (ReservedEvents.isReserved(event)) {
            throw new IllegalArgumentException("event names starting with '#' are reserved: " + event);
        }
        return event;
    }

    private static String channelName(String channel) {
        if (channel == null || channel.isEmpty()) {
            throw new IllegalArgumentException("channel must be a non-empty string");
        }
        return channel;
    }

    private void report(SocketGridException error) {
        if (listeners.isEmpty()) {
            LOG.log(System.Logger.Level.DEBUG, "{0}: {1}", uri, error.getMessage());
        }
        tell(l -> l.onError(error));
    }

    private void tell(Consumer<ConnectionListener> event) {
        for (ConnectionListener listener : listeners) {
            safely(() -> event.accept(listener));
        }
    }

    /** Runs an application callback; its exception is logged and never disturbs the socket. */
    private void safely(Runnable callback) {
        try {
            callback.run();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "a handler of " + uri + " threw", e);
        }
    }

    /**
     * One attempt to connect, from opening the WebSocket until it is lost: receives the transport's callbacks
     * and the decoded frames of its messages. Callbacks of an attempt that is no longer {@code current} (a
     * dropped or closed one) are ignored, so a late message can never touch a newer connection.
     */
    private final class Attempt implements WireListener, FrameSink {
        private volatile Wire wire;
        private volatile long handshakeCid = NO_CID;
        private volatile long lastInbound;

        @Override
        public void opened(Wire opened) {
            long cid;
            synchronized (ClientSocket.this) {
                if (current != this) {
                    opened.abort();
                    return;
                }
                wire = opened;
                cid = nextCid++;
                handshakeCid = cid;
            }
            opened.sendText(codec.encodeInvoke(ReservedEvents.HANDSHAKE, codec.handshakeData(authToken()), cid));
        }

        @Override
        public void text(String message) {
            if (current != this) {
                return; // closed by the client while the server still sent
            }
            lastInbound = runtime.timers().nowMillis();
            codec.decode(message, this);
        }

        @Override
        public void binary(int length) {
            report(new SocketGridException(ErrorNames.INVALID_MESSAGE,
                    "the server sent a binary message of " + length + " bytes (file transfer is not supported by this client)"));
        }

        @Override
        public void closed(int code, String reason) {
            lost(this, code, reason.isEmpty() ? "Socket closed" : reason);
        }

        @Override
        public void heartbeat() {
            wire.sendText(ClientCodec.HEARTBEAT);
        }

        @Override
        public void event(String event, JsonValue data, long cid) {
            serverEvent(this, event, data, cid);
        }

        @Override
        public void response(long rid, JsonValue data) {
            answered(this, rid, data);
        }

        @Override
        public void errorResponse(long rid, String name, String message) {
            refused(this, rid, name, message);
        }

        @Override
        public void invalid(String detail) {
            report(new SocketGridException(ErrorNames.INVALID_MESSAGE, detail));
        }
    }

    /** The current attempt's frames, for tests: how many invokes await an answer. */
    synchronized int pendingCalls() {
        return calls.size();
    }

    /** The subscriptions to renew after a reconnect, in subscription order. */
    synchronized List<ChannelSubscription> subscriptions() {
        return new ArrayList<>(channels.values());
    }
}

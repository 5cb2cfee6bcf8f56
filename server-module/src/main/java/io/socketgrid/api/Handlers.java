package io.socketgrid.api;

import jakarta.json.JsonValue;

import java.util.function.LongSupplier;

/**
 * Where an application registers what it does with client events. Event names must not start with
 * {@code #} (the protocol reserves those); one handler per event and kind.
 *
 * <p>The {@code Class} variants bind the event's data to {@code type} with JSON-B before calling; data that
 * does not bind answers an invoke with InvalidMessageError.
 */
public interface Handlers {

    Handlers onTransmit(String event, TransmitHandler<JsonValue> handler);

    <T> Handlers onTransmit(String event, Class<T> type, TransmitHandler<T> handler);

    Handlers onInvoke(String event, Procedure<JsonValue> procedure);

    <T> Handlers onInvoke(String event, Class<T> type, Procedure<T> procedure);

    /**
     * Publishes an application figure of this node (the ping workload reports {@code pings}): read on every
     * node report and shown per node and summed over the cluster in {@code GET /socketgrid/cluster}.
     * Registering a name again replaces the gauge. {@code value} must be cheap and thread-safe.
     */
    Handlers gauge(String name, LongSupplier value);

    /**
     * Adds {@code middleware} after those registered before: it may allow or block handshakes, transmits,
     * invokes, subscribes and publishes, and drop channel messages per subscriber (see {@link Middleware}).
     * Register before sockets connect.
     */
    Handlers use(Middleware middleware);

    /** Called once per socket after its handshake; may close it. */
    Handlers onConnect(ConnectionListener listener);

    /** Called once per socket after it closed, with the close code. */
    Handlers onDisconnect(DisconnectionListener listener);

    @FunctionalInterface
    interface ConnectionListener {
        void onConnect(ClientSocket socket);
    }

    @FunctionalInterface
    interface DisconnectionListener {
        void onDisconnect(ClientSocket socket, int code);
    }
}

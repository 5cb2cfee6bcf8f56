package io.socketgrid.api;

import jakarta.json.JsonValue;

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

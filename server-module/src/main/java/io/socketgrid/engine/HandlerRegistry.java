package io.socketgrid.engine;

import io.socketgrid.api.Handlers;
import io.socketgrid.api.Middleware;
import io.socketgrid.api.Procedure;
import io.socketgrid.api.ProcedureException;
import io.socketgrid.api.TransmitHandler;
import io.socketgrid.protocol.ProtocolError;
import io.socketgrid.protocol.ReservedEvents;
import jakarta.json.JsonValue;
import jakarta.json.bind.JsonbException;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongSupplier;

/** The application's handlers, looked up by event name. Registration is thread-safe and may happen at any time. */
public final class HandlerRegistry implements Handlers {

    private final DataMapper mapper;
    private final Map<String, TransmitHandler<JsonValue>> transmitHandlers = new ConcurrentHashMap<>();
    private final Map<String, Procedure<JsonValue>> procedures = new ConcurrentHashMap<>();
    private final List<ConnectionListener> connectionListeners = new CopyOnWriteArrayList<>();
    private final List<DisconnectionListener> disconnectionListeners = new CopyOnWriteArrayList<>();
    private final Map<String, LongSupplier> gauges = new ConcurrentHashMap<>();

    private final MiddlewareChain middleware;

    HandlerRegistry(DataMapper mapper, MiddlewareChain middleware) {
        this.mapper = mapper;
        this.middleware = middleware;
    }

    @Override
    public Handlers use(Middleware middleware) {
        this.middleware.add(middleware);
        return this;
    }

    @Override
    public Handlers onTransmit(String event, TransmitHandler<JsonValue> handler) {
        register(transmitHandlers, event, handler);
        return this;
    }

    @Override
    public <T> Handlers onTransmit(String event, Class<T> type, TransmitHandler<T> handler) {
        return onTransmit(event, (socket, data) -> handler.onTransmit(socket, mapper.fromJson(data, type)));
    }

    @Override
    public Handlers onInvoke(String event, Procedure<JsonValue> procedure) {
        register(procedures, event, procedure);
        return this;
    }

    @Override
    public <T> Handlers onInvoke(String event, Class<T> type, Procedure<T> procedure) {
        return onInvoke(event, (socket, data) -> {
            T bound;
            try {
                bound = mapper.fromJson(data, type);
            } catch (JsonbException e) {
                throw new ProcedureException(ProtocolError.INVALID_MESSAGE,
                        "data of '" + event + "' does not bind to " + type.getSimpleName());
            }
            return procedure.invoke(socket, bound);
        });
    }

    @Override
    public Handlers gauge(String name, LongSupplier value) {
        gauges.put(name, value);
        return this;
    }

    /** The current value of every gauge, by name. */
    Map<String, Long> gaugeValues() {
        Map<String, Long> values = new TreeMap<>();
        gauges.forEach((name, gauge) -> values.put(name, gauge.getAsLong()));
        return values;
    }

    @Override
    public Handlers onConnect(ConnectionListener listener) {
        connectionListeners.add(listener);
        return this;
    }

    @Override
    public Handlers onDisconnect(DisconnectionListener listener) {
        disconnectionListeners.add(listener);
        return this;
    }

    TransmitHandler<JsonValue> transmitHandler(String event) {
        return transmitHandlers.get(event);
    }

    Procedure<JsonValue> procedure(String event) {
        return procedures.get(event);
    }

    List<ConnectionListener> connectionListeners() {
        return connectionListeners;
    }

    List<DisconnectionListener> disconnectionListeners() {
        return disconnectionListeners;
    }

    private static <H> void register(Map<String, H> map, String event, H handler) {
        if (event == null || event.isEmpty() || ReservedEvents.isReserved(event)) {
            throw new IllegalArgumentException("event names must be non-empty and not start with '#': " + event);
        }
        if (map.putIfAbsent(event, handler) != null) {
            throw new IllegalStateException("a handler for '" + event + "' is already registered");
        }
    }
}

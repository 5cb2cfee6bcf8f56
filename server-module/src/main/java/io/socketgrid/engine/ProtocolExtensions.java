package io.socketgrid.engine;

import io.socketgrid.protocol.InboundFrame;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Where protocol extensions (file transfer; later authentication) plug into an engine: the reserved events
 * they handle, the binary messages they take, and the end of each connection. Register before sockets
 * connect; the engine calls a handler on the connection's inbound thread (never concurrently for one
 * connection), after the handshake gate admitted the message. Handlers must not block.
 */
public final class ProtocolExtensions {

    /** Handles one reserved event of an open connection; must answer an invoke exactly once. */
    @FunctionalInterface
    public interface ReservedEventHandler {
        void handle(Connection connection, InboundFrame.Event event);
    }

    /** Takes one binary message of an open connection; owns {@code message} from then on. */
    @FunctionalInterface
    public interface BinaryMessageHandler {
        void onBinary(Connection connection, ByteBuffer message);
    }

    /** Told once when a connection is released, whoever closed it. */
    @FunctionalInterface
    public interface ReleaseListener {
        void released(Connection connection);
    }

    private final Map<String, ReservedEventHandler> reserved = new ConcurrentHashMap<>();
    private final List<ReleaseListener> releaseListeners = new CopyOnWriteArrayList<>();
    private volatile BinaryMessageHandler binary;

    ProtocolExtensions() {
    }

    /** Handles reserved event {@code event} (it starts with {@code #}); one handler per event. */
    public void onReserved(String event, ReservedEventHandler handler) {
        if (!event.startsWith("#")) {
            throw new IllegalArgumentException("reserved events start with '#': " + event);
        }
        if (reserved.putIfAbsent(event, handler) != null) {
            throw new IllegalStateException("reserved event " + event + " already has a handler");
        }
    }

    /** Takes every binary message; only one extension may. */
    public void onBinary(BinaryMessageHandler handler) {
        if (binary != null) {
            throw new IllegalStateException("binary messages already have a handler");
        }
        binary = handler;
    }

    public void onRelease(ReleaseListener listener) {
        releaseListeners.add(listener);
    }

    ReservedEventHandler reserved(String event) {
        return reserved.get(event);
    }

    BinaryMessageHandler binary() {
        return binary;
    }

    List<ReleaseListener> releaseListeners() {
        return releaseListeners;
    }
}

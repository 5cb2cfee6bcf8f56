package io.socketgrid.api;

import java.util.Set;

/**
 * One connected client as application code sees it. All methods are thread-safe and never block: sends are
 * queued and written asynchronously, in call order.
 */
public interface ClientSocket {

    /** The id the client was told in its handshake; unique within the cluster. */
    String id();

    /**
     * Sends event {@code event} with {@code data} (a {@link jakarta.json.JsonValue}, a String, Number or
     * Boolean, null, or any object JSON-B can bind). Returns false when the socket is closed or its outbound
     * queue overflowed (it is then being closed with 4100).
     */
    boolean transmit(String event, Object data);

    /** Closes the socket with {@code code} and {@code reason}; closing a closed socket does nothing. */
    void close(int code, String reason);

    boolean isOpen();

    /** The channels this socket is subscribed to now (a snapshot). */
    Set<String> subscriptions();
}

package io.socketgrid.api;

import java.util.Optional;
import java.util.concurrent.CompletionStage;

/** Server-side operations for application code; inject it where a CDI container runs SocketGrid. */
public interface SocketGridServer {

    /**
     * Publishes {@code data} to every subscriber of {@code channel}, on every node. Completes when the broker
     * has stored the message (exceptionally if it could not).
     */
    CompletionStage<Void> publish(String channel, Object data);

    /**
     * Transmits {@code event} with {@code data} to the socket with id {@code socketId}, on whichever node it is
     * connected. Completes with true once the frame was queued on a local socket or handed to the socket's
     * node; false when the id names no node or the local socket is gone. A socket that left another node in
     * the meantime is counted there as undeliverable.
     */
    CompletionStage<Boolean> transmitTo(String socketId, String event, Object data);

    /** The socket with this id if it is connected to this node. */
    Optional<ClientSocket> localSocket(String id);

    /** Sockets connected to this node now. */
    int localConnectionCount();
}

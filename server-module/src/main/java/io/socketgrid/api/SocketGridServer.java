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

    /** The socket with this id if it is connected to this node. */
    Optional<ClientSocket> localSocket(String id);

    /** Sockets connected to this node now. */
    int localConnectionCount();
}

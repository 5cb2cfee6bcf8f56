package io.socketgrid.engine;

import io.socketgrid.broker.Broker;
import io.socketgrid.broker.ChannelMessage;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * Targeted sends: a transmit to one socket id, wherever in the cluster the socket is connected. Each node
 * subscribes to its own inbox channel ({@code #inbox.<node id>}) on the broker; a send to a socket of another
 * node is published to that node's inbox, which hands it to the socket. Channels starting with {@code #} are
 * the server's: clients cannot subscribe or publish to them.
 */
final class DirectDelivery implements AutoCloseable {

    static final String INBOX_PREFIX = "#inbox.";

    private final Broker broker;
    private final JsonProvider json;
    private final Function<String, Connection> localSockets;
    private final EngineObserver observer;
    private final Broker.Subscription inbox;

    DirectDelivery(String nodeId, Broker broker, JsonProvider json, Function<String, Connection> localSockets,
                   EngineObserver observer) {
        this.broker = broker;
        this.json = json;
        this.localSockets = localSockets;
        this.observer = observer;
        this.inbox = broker.subscribe(INBOX_PREFIX + nodeId, this::deliver);
    }

    /**
     * Transmits {@code event} to socket {@code socketId}. Completes with true when the socket was local and
     * the frame was queued, or when the message was handed to the socket's node; false when the id names no
     * node or the local socket is gone.
     */
    CompletionStage<Boolean> transmit(String socketId, String event, JsonValue data) {
        Connection local = localSockets.apply(socketId);
        if (local != null) {
            return CompletableFuture.completedFuture(local.transmit(event, data));
        }
        String node = SocketIds.nodeOf(socketId);
        if (node == null) {
            return CompletableFuture.completedFuture(false);
        }
        JsonObject envelope = json.createObjectBuilder()
                .add("socket", socketId).add("event", event).add("data", data).build();
        return broker.publish(INBOX_PREFIX + node, envelope).thenApply(stored -> true);
    }

    private void deliver(ChannelMessage message) {
        if (message.data() instanceof JsonObject envelope
                && envelope.get("socket") instanceof JsonString socket
                && envelope.get("event") instanceof JsonString event) {
            Connection target = localSockets.apply(socket.getString());
            if (target != null && target.transmit(event.getString(), envelope.getOrDefault("data", JsonValue.NULL))) {
                return;
            }
        }
        observer.undeliverable();
    }

    @Override
    public void close() {
        inbox.close();
    }
}

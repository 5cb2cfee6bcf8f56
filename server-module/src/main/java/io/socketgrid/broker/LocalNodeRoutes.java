package io.socketgrid.broker;

import io.socketgrid.concurrent.DaemonThreads;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;

/**
 * Node routes inside one JVM: a single node in production (the in-memory backend), or several nodes that
 * share one switchboard in tests. Each node delivers on its own thread, in send order.
 */
public final class LocalNodeRoutes {

    private final Map<String, Route> nodes = new ConcurrentHashMap<>();

    /** A new node on this switchboard. */
    public NodeRoute join(String nodeId) {
        Route route = new Route(nodeId);
        if (nodes.putIfAbsent(nodeId, route) != null) {
            throw new IllegalStateException("node " + nodeId + " is already on this switchboard");
        }
        return route;
    }

    private final class Route implements NodeRoute {
        private final String nodeId;
        private final ExecutorService delivery;
        private volatile Consumer<byte[]> receiver = message -> { };

        Route(String nodeId) {
            this.nodeId = nodeId;
            this.delivery = Executors.newSingleThreadExecutor(DaemonThreads.named("socketgrid-route-" + nodeId));
        }

        @Override
        public String localNode() {
            return nodeId;
        }

        @Override
        public CompletionStage<Void> send(String node, byte[] message) {
            if (!nodes.containsKey(nodeId)) {
                return CompletableFuture.failedFuture(new IllegalStateException("the route of " + nodeId + " is closed"));
            }
            Route target = nodes.get(node);
            if (target != null) {
                target.deliver(message);
            }
            return CompletableFuture.completedFuture(null);
        }

        private void deliver(byte[] message) {
            try {
                delivery.execute(() -> receiver.accept(message));
            } catch (RejectedExecutionException closedMeanwhile) {
                // the node left: dropped, as for a dead node
            }
        }

        @Override
        public void receive(Consumer<byte[]> receiver) {
            this.receiver = receiver;
        }

        @Override
        public void close() {
            nodes.remove(nodeId, this);
            delivery.shutdownNow();
        }
    }
}

package io.socketgrid.cluster;

import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/** The cluster state of a node that is alone: everything is local. */
public final class LocalClusterState implements ClusterState {

    private final Duration nodeTimeout;
    private final Clock clock;
    private final String nodeId = NodeIds.random();
    private final Map<String, NodeInfo> nodes = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> subscribers = new ConcurrentHashMap<>();
    private final Duration metricsTtl;
    private final NavigableMap<Long, String> metricsByArrival = new ConcurrentSkipListMap<>();

    public LocalClusterState(Duration nodeTimeout) {
        this(nodeTimeout, METRICS_KEPT, Clock.systemUTC());
    }

    LocalClusterState(Duration nodeTimeout, Duration metricsTtl, Clock clock) {
        this.nodeTimeout = nodeTimeout;
        this.metricsTtl = metricsTtl;
        this.clock = clock;
    }

    @Override
    public String localNodeId() {
        return nodeId;
    }

    @Override
    public void report(NodeInfo self) {
        nodes.put(self.nodeId(), self);
    }

    @Override
    public CompletionStage<List<NodeInfo>> nodes() {
        long oldest = clock.millis() - nodeTimeout.toMillis();
        nodes.values().removeIf(node -> node.heartbeatAt() < oldest);
        return CompletableFuture.completedFuture(nodes.values().stream()
                .sorted(Comparator.comparing(NodeInfo::nodeId)).toList());
    }

    @Override
    public void joined(String channel, String socketId, String nodeId) {
        subscribers.computeIfAbsent(channel, c -> ConcurrentHashMap.newKeySet()).add(socketId);
    }

    @Override
    public void left(String channel, String socketId) {
        subscribers.computeIfPresent(channel, (c, sockets) -> {
            sockets.remove(socketId);
            return sockets.isEmpty() ? null : sockets;
        });
    }

    @Override
    public CompletionStage<Set<String>> presence(String channel) {
        return CompletableFuture.completedFuture(Set.copyOf(subscribers.getOrDefault(channel, Set.of())));
    }

    @Override
    public CompletionStage<Map<String, Integer>> subscriberCounts() {
        Map<String, Integer> counts = new TreeMap<>();
        subscribers.forEach((channel, sockets) -> counts.put(channel, sockets.size()));
        return CompletableFuture.completedFuture(counts);
    }

    /** Keeps the document until {@code metricsTtl} after it was archived (by this node's clock, like a map TTL). */
    @Override
    public void archiveMetrics(long at, String json) {
        long now = clock.millis();
        synchronized (metricsByArrival) {
            long key = Math.max(now * 1000, metricsByArrival.isEmpty() ? 0 : metricsByArrival.lastKey() + 1);
            metricsByArrival.put(key, json); // keys: arrival µs, made unique
            metricsByArrival.headMap((now - metricsTtl.toMillis()) * 1000).clear();
        }
    }

    @Override
    public CompletionStage<List<String>> archivedMetrics() {
        long oldest = (clock.millis() - metricsTtl.toMillis()) * 1000;
        return CompletableFuture.completedFuture(List.copyOf(metricsByArrival.tailMap(oldest, true).values()));
    }

    @Override
    public void close() {
        metricsByArrival.clear();
        nodes.clear();
        subscribers.clear();
    }
}

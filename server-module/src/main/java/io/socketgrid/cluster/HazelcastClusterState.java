package io.socketgrid.cluster;

import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.query.Predicates;
import io.socketgrid.concurrent.DaemonThreads;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;

import java.time.Duration;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Cluster state in two Hazelcast maps of plain strings (no application classes travel): {@code <prefix>nodes}
 * (node id → its {@link NodeInfo} as JSON, each entry living {@code nodeTimeout} unless reported again),
 * {@code <prefix>presence} (channel + NUL + socket id → node id) and {@code <prefix>metrics} (node id + NUL +
 * epoch ms → a metrics document, each entry living {@code metricsTtl}; a dead node's stay until they expire). A node's id is the start of its Hazelcast
 * member UUID, so when Hazelcast reports a member gone every survivor removes that node's entries at once;
 * the entry timeout covers what the membership event cannot (a frozen process that is still a member).
 */
public final class HazelcastClusterState implements ClusterState {

    private static final char SEPARATOR = '\u0000';

    private final HazelcastInstance hazelcast;
    private final Duration nodeTimeout;
    private final String nodeId;
    private final IMap<String, String> nodes;
    private final IMap<String, String> presence;
    private final IMap<String, String> metrics;
    private final Duration metricsTtl;
    private final UUID membershipRegistration;
    private final ExecutorService queries;
    private final Jsonb jsonb = JsonbBuilder.create();

    public HazelcastClusterState(HazelcastInstance hazelcast, Duration nodeTimeout, String prefix) {
        this(hazelcast, nodeTimeout, prefix, METRICS_KEPT);
    }

    public HazelcastClusterState(HazelcastInstance hazelcast, Duration nodeTimeout, String prefix, Duration metricsTtl) {
        this.hazelcast = hazelcast;
        this.metricsTtl = metricsTtl;
        this.metrics = hazelcast.getMap(prefix + "metrics");
        this.nodeTimeout = nodeTimeout;
        this.nodeId = nodeIdOf(hazelcast.getCluster().getLocalMember().getUuid());
        this.nodes = hazelcast.getMap(prefix + "nodes");
        this.presence = hazelcast.getMap(prefix + "presence");
        this.queries = Executors.newSingleThreadExecutor(DaemonThreads.named("socketgrid-cluster-state"));
        this.membershipRegistration = hazelcast.getCluster().addMembershipListener(new MembershipListener() {
            @Override
            public void memberAdded(MembershipEvent event) {
                // a new node announces itself with its first report
            }

            @Override
            public void memberRemoved(MembershipEvent event) {
                forget(nodeIdOf(event.getMember().getUuid()));
            }
        });
    }

    static String nodeIdOf(UUID member) {
        return member.toString().substring(0, 8);
    }

    /** Removes a dead node's entries; every survivor does it, which is harmless. */
    private void forget(String deadNode) {
        queries.execute(() -> {
            nodes.delete(deadNode);
            presence.removeAll(Predicates.equal("this", deadNode));
        });
    }

    @Override
    public String localNodeId() {
        return nodeId;
    }

    @Override
    public void report(NodeInfo self) {
        nodes.setAsync(self.nodeId(), jsonb.toJson(self), nodeTimeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public CompletionStage<List<NodeInfo>> nodes() {
        return CompletableFuture.supplyAsync(() -> nodes.values().stream()
                .map(json -> jsonb.fromJson(json, NodeInfo.class))
                .sorted(Comparator.comparing(NodeInfo::nodeId))
                .toList(), queries);
    }

    @Override
    public void joined(String channel, String socketId, String node) {
        presence.setAsync(channel + SEPARATOR + socketId, node);
    }

    @Override
    public void left(String channel, String socketId) {
        presence.removeAsync(channel + SEPARATOR + socketId);
    }

    @Override
    public CompletionStage<Set<String>> presence(String channel) {
        String start = channel + SEPARATOR;
        return CompletableFuture.supplyAsync(() -> {
            Set<String> sockets = new HashSet<>();
            for (String key : presence.keySet(Predicates.like("__key", escapeLike(start) + "%"))) {
                sockets.add(key.substring(start.length()));
            }
            return Set.copyOf(sockets);
        }, queries);
    }

    @Override
    public CompletionStage<Map<String, Integer>> subscriberCounts() {
        return CompletableFuture.supplyAsync(() -> {
            Map<String, Integer> counts = new TreeMap<>();
            for (String key : presence.keySet()) {
                counts.merge(key.substring(0, key.indexOf(SEPARATOR)), 1, Integer::sum);
            }
            return counts;
        }, queries);
    }

    @Override
    public void archiveMetrics(long at, String json) {
        metrics.setAsync(nodeId + SEPARATOR + at, json, metricsTtl.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public CompletionStage<List<String>> archivedMetrics() {
        return CompletableFuture.supplyAsync(() -> List.copyOf(metrics.values()), queries);
    }

    /** Escapes the LIKE wildcards {@code %} and {@code _} (and the escape character) in a literal. */
    static String escapeLike(String literal) {
        return literal.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    @Override
    public void close() {
        hazelcast.getCluster().removeMembershipListener(membershipRegistration);
        queries.shutdown();
        try {
            jsonb.close();
        } catch (Exception e) {
            // nothing to release beyond memory
        }
    }
}

package io.socketgrid.cluster;

import io.socketgrid.testing.Eventually;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The {@link ClusterState} contract, run against every implementation (shipped in the test-jar). */
public abstract class ClusterStateContractTest {

    /** How long a node that stopped reporting stays listed, in every implementation under test. */
    protected static final Duration NODE_TIMEOUT = Duration.ofSeconds(2);

    /** How long archived metrics stay readable, in every implementation under test. */
    protected static final Duration METRICS_TTL = Duration.ofSeconds(2);

    /** Two nodes' views of one cluster (the same object twice for a single-node implementation). */
    protected abstract List<ClusterState> twoNodes() throws Exception;

    protected ClusterState a;
    protected ClusterState b;

    @BeforeEach
    void start() throws Exception {
        List<ClusterState> nodes = twoNodes();
        a = nodes.get(0);
        b = nodes.get(1);
    }

    @AfterEach
    void stop() {
        a.close();
        if (b != a) {
            b.close();
        }
    }

    protected static <T> T now(java.util.concurrent.CompletionStage<T> stage) throws Exception {
        return stage.toCompletableFuture().get(Eventually.LIMIT.toSeconds(), TimeUnit.SECONDS);
    }

    private static NodeInfo info(String nodeId, int connections, long pings) {
        return new NodeInfo(nodeId, "http://127.0.0.1:1/", 1_000, connections, System.currentTimeMillis(),
                Map.of("pings", pings));
    }

    @Test
    void reportedNodesAreListedEverywhere() throws Exception {
        a.report(info("node-a", 3, 10));
        b.report(info("node-b", 4, 20));
        for (ClusterState view : List.of(a, b)) {
            List<NodeInfo> nodes = Eventually.await("both nodes listed", () -> now(view.nodes()),
                    list -> list.stream().map(NodeInfo::nodeId).toList().containsAll(List.of("node-a", "node-b")));
            NodeInfo nodeB = nodes.stream().filter(n -> n.nodeId().equals("node-b")).findFirst().orElseThrow();
            assertEquals(4, nodeB.connections());
            assertEquals(20L, nodeB.gauges().get("pings"));
        }
    }

    @Test
    void aNodeThatStopsReportingDisappears() throws Exception {
        a.report(info("node-quiet", 0, 0));
        Eventually.await("the node listed", () -> now(b.nodes()),
                list -> list.stream().anyMatch(n -> n.nodeId().equals("node-quiet")));
        Eventually.await("the silent node gone", () -> now(b.nodes()),
                list -> list.stream().noneMatch(n -> n.nodeId().equals("node-quiet")));
    }

    @Test
    void presenceAndCountsAreClusterWide() throws Exception {
        String channel = "room-" + System.nanoTime();
        a.joined(channel, "a.s1", "node-a");
        b.joined(channel, "b.s2", "node-b");
        b.joined(channel + "-other", "b.s2", "node-b");
        Eventually.await("both sockets present", () -> now(a.presence(channel)), set -> set.equals(Set.of("a.s1", "b.s2")));
        Map<String, Integer> counts = Eventually.await("counts", () -> now(b.subscriberCounts()),
                map -> Integer.valueOf(2).equals(map.get(channel)));
        assertEquals(1, counts.get(channel + "-other"));

        a.left(channel, "a.s1");
        Eventually.await("a.s1 left", () -> now(b.presence(channel)), set -> set.equals(Set.of("b.s2")));
        b.left(channel, "b.s2");
        Map<String, Integer> after = Eventually.await("channel empty", () -> now(a.subscriberCounts()),
                map -> !map.containsKey(channel));
        assertTrue(after.containsKey(channel + "-other"));
        b.left(channel + "-other", "b.s2");
    }

    @Test
    void archivedMetricsAreReadEverywhereUntilTheyExpire() throws Exception {
        String first = "{\"test\":" + System.nanoTime() + "}";
        String second = "{\"test\":" + (System.nanoTime() + 1) + "}";
        a.archiveMetrics(1_000, first);
        b.archiveMetrics(1_000, second); // same instant, another node (or a second document of the single one)
        for (ClusterState view : List.of(a, b)) {
            Eventually.await("both documents archived", () -> now(view.archivedMetrics()),
                    list -> list.containsAll(List.of(first, second)));
        }
        Eventually.await("the documents expired", () -> now(b.archivedMetrics()),
                list -> !list.contains(first) && !list.contains(second));
    }

    @Test
    void channelNamesWithWildcardsAreLiteral() throws Exception {
        String channel = "a%_" + System.nanoTime();
        a.joined(channel, "x.1", "node-a");
        a.joined(channel + "b", "x.2", "node-a");
        Eventually.await("only the literal channel", () -> now(b.presence(channel)), set -> set.equals(Set.of("x.1")));
        a.left(channel, "x.1");
        a.left(channel + "b", "x.2");
    }
}

package io.socketgrid.cluster;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/**
 * State shared by the nodes of a cluster, for operators and applications: which nodes are alive, and who is
 * subscribed to which channel. Implementations keep this contract:
 * <ul>
 *   <li>A node appears in {@link #nodes()} after its first {@link #report}; it disappears within
 *       {@code nodeTimeout} after its last report, and at once when the implementation learns the node
 *       died.</li>
 *   <li>{@link #joined}/{@link #left} are applied in call order per channel and socket; a dead node's
 *       subscriptions disappear with the node.</li>
 *   <li>An archived metrics document is readable from every node for {@link #METRICS_KEPT} (or the
 *       implementation's configured time), then gone.</li>
 *   <li>No method blocks on the network: updates are fire-and-forget, queries return completion stages.</li>
 * </ul>
 */
public interface ClusterState extends AutoCloseable {

    /** How long archived metrics stay readable by default: the monitoring window. */
    Duration METRICS_KEPT = Duration.ofMinutes(10);

    /** This node's id in the cluster: 8 characters of [a-z0-9], unique among live nodes. */
    String localNodeId();

    /** Publishes this node's facts; call it at least once per {@code nodeTimeout / 3}. */
    void report(NodeInfo self);

    /** Live nodes, ordered by node id. */
    CompletionStage<List<NodeInfo>> nodes();

    /** Socket {@code socketId} of node {@code nodeId} subscribed to {@code channel}. */
    void joined(String channel, String socketId, String nodeId);

    /** Socket {@code socketId} left {@code channel}. */
    void left(String channel, String socketId);

    /** Socket ids subscribed to {@code channel}, cluster-wide. */
    CompletionStage<Set<String>> presence(String channel);

    /** The number of subscribed sockets of every channel that has any, cluster-wide. */
    CompletionStage<Map<String, Integer>> subscriberCounts();

    /**
     * Keeps {@code json}, this node's metrics of the instant {@code at} (epoch ms), readable by every node
     * for the archive's time to live, so that a node started later learns the cluster's recent past.
     */
    void archiveMetrics(long at, String json);

    /** Every node's archived metrics documents that have not expired, in no particular order. */
    CompletionStage<List<String>> archivedMetrics();

    @Override
    void close();
}

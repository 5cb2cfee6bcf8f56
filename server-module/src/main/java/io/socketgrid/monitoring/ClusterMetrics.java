package io.socketgrid.monitoring;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.function.LongSupplier;

/**
 * This node's view of every node's recent metrics: the last {@code capacity} samples of each node, fed with
 * the updates the nodes publish (in any order; a sample already held is ignored). A node whose newest sample
 * is older than {@code silentAfter} is {@link #SILENT}; one older than {@code dropAfter} is forgotten.
 * Thread-safe.
 */
public final class ClusterMetrics {

    /** A node whose last sample is recent. */
    public static final String UP = "up";
    /** A node that stopped sending samples (dead, frozen or cut off) and is not yet dropped. */
    public static final String SILENT = "silent";

    /**
     * One node in the view.
     *
     * @param status       {@link #UP} or {@link #SILENT}
     * @param lastSampleAt epoch ms of its newest sample
     * @param channels     its largest channels' local subscriber counts, from its newest update
     * @param samples      its samples, oldest first
     */
    public record NodeSeries(String node, String status, long lastSampleAt, Map<String, Integer> channels,
                             List<MetricsSample> samples) {
    }

    private final int capacity;
    private final long silentAfterMillis;
    private final long dropAfterMillis;
    private final LongSupplier wallClock;
    private final Map<String, Node> nodes = new TreeMap<>();

    public ClusterMetrics(int capacity, Duration silentAfter, Duration dropAfter, LongSupplier wallClock) {
        this.capacity = capacity;
        this.silentAfterMillis = silentAfter.toMillis();
        this.dropAfterMillis = dropAfter.toMillis();
        this.wallClock = wallClock;
    }

    /** Keeps {@code update}'s sample (unless held already or older than everything kept of a full node). */
    public synchronized void accept(MetricsUpdate update) {
        Node node = nodes.computeIfAbsent(update.node(), id -> new Node());
        NavigableMap<Long, MetricsSample> samples = node.samples;
        long at = update.sample().at();
        if (samples.containsKey(at) || (samples.size() >= capacity && at < samples.firstKey())) {
            return;
        }
        samples.put(at, update.sample());
        while (samples.size() > capacity) {
            samples.pollFirstEntry();
        }
        if (at >= samples.lastKey()) {
            node.channels = update.channels();
        }
    }

    /**
     * Every node not dropped, ordered by id, with its samples taken after {@code since} (epoch ms; 0 for all).
     * Drops the nodes silent for longer than {@code dropAfter}.
     */
    public synchronized List<NodeSeries> nodes(long since) {
        long now = wallClock.getAsLong();
        nodes.values().removeIf(node -> now - node.samples.lastKey() > dropAfterMillis);
        List<NodeSeries> view = new ArrayList<>(nodes.size());
        nodes.forEach((id, node) -> {
            long last = node.samples.lastKey();
            view.add(new NodeSeries(id, now - last > silentAfterMillis ? SILENT : UP, last, node.channels,
                    List.copyOf(node.samples.tailMap(since, false).values())));
        });
        return view;
    }

    /**
     * The samples of every node, oldest first, by node id, split by status: what the autoscaling advice reads.
     *
     * @param up     the nodes that are up
     * @param silent the nodes that went silent in the last {@code dropAfter}: nodes that just left
     */
    public record ByStatus(Map<String, List<MetricsSample>> up, Map<String, List<MetricsSample>> silent) {
    }

    /** Every node's samples split by status, from one pass over the view. */
    public ByStatus byStatus() {
        Map<String, List<MetricsSample>> up = new TreeMap<>();
        Map<String, List<MetricsSample>> silent = new TreeMap<>();
        for (NodeSeries node : nodes(0)) {
            (node.status().equals(UP) ? up : silent).put(node.node(), node.samples());
        }
        return new ByStatus(up, silent);
    }

    private static final class Node {
        final NavigableMap<Long, MetricsSample> samples = new TreeMap<>();
        Map<String, Integer> channels = Map.of();
    }
}

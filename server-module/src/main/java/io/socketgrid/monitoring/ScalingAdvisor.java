package io.socketgrid.monitoring;

import io.socketgrid.config.AutoscaleConfig;
import io.socketgrid.monitoring.ClusterLoad.NodeSeries;
import io.socketgrid.monitoring.ScalingAdvice.Action;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The autoscaling rule (docs/MONITORING.md, "The rule"): from the cluster's recent samples, whether to add
 * one node, remove one, or hold. It is a pure function of its arguments and the configuration: it keeps no
 * state, so every node that holds the same samples gives the same advice, and the cooldown after a change is
 * read from the data (a node that joined has too few samples; a node that left still has recent ones).
 *
 * <p>Like Kubernetes' Horizontal Pod Autoscaler: the nodes the load needs are the cluster's total CPU over
 * {@code autoscaleCpuTarget} and its total sockets over {@code autoscaleConnectionsTarget}, rounded up, the
 * larger of the two, within {@code [autoscaleMin, autoscaleMax]}. A node is added when the mean over
 * {@code autoscaleUpWindow} per node passes a target by more than {@code autoscaleTolerance}; one is removed
 * when the peak over {@code autoscaleDownWindow} (of 10-second means) would fit one node fewer with each
 * under its targets by that tolerance. Between the two lies the band where the advice holds, which keeps a
 * load wavering around a target from adding and removing nodes in turn.
 */
public final class ScalingAdvisor {

    /** The peak for removal is the highest mean over this many consecutive seconds: a single busy second does not count. */
    static final int PEAK_SLICE_SECONDS = 10;

    private final AutoscaleConfig config;
    private final int upWindow;
    private final int downWindow;
    private final double tolerance;

    public ScalingAdvisor(AutoscaleConfig config) {
        this.config = config;
        this.upWindow = (int) config.autoscaleUpWindow().toSeconds();
        this.downWindow = (int) config.autoscaleDownWindow().toSeconds();
        this.tolerance = config.autoscaleTolerance() / 100.0;
    }

    /** As {@link #advise(Map, Map, long)} when no node is known to have left. */
    public ScalingAdvice advise(Map<String, List<MetricsSample>> upNodes, long nowMillis) {
        return advise(upNodes, Map.of(), nowMillis);
    }

    /**
     * The advice at {@code nowMillis}.
     *
     * @param upNodes   every node up now, by id, with its samples oldest first (at least the last
     *                  {@code autoscaleDownWindow} of them; more are ignored)
     * @param goneNodes nodes that were up and are no longer (silent, or left), with their samples oldest first:
     *                  their load before they left still counts, and a node that left during the last
     *                  {@code autoscaleDownWindow} keeps the advice from removing another. Empty when unknown
     */
    public ScalingAdvice advise(Map<String, List<MetricsSample>> upNodes, Map<String, List<MetricsSample>> goneNodes,
                                long nowMillis) {
        int nodes = upNodes.size();
        if (nodes == 0) {
            return new ScalingAdvice(nowMillis, Action.HOLD, 0, 0, 0, 0, "no node has samples yet");
        }
        List<NodeSeries> all = new ArrayList<>();
        upNodes.values().forEach(samples -> all.add(new NodeSeries(samples, true)));
        goneNodes.values().forEach(samples -> all.add(new NodeSeries(samples, false)));
        ClusterLoad recent = ClusterLoad.over(all, nowMillis, upWindow);
        Figures figures = new Figures(nowMillis, nodes, recent.meanCpu(), recent.meanConnections());

        if (nodes < config.autoscaleMin()) {
            return figures.advice(Action.ADD, config.autoscaleMin(), nodes + " node(s), fewer than autoscaleMin "
                    + config.autoscaleMin());
        }
        if (nodes > config.autoscaleMax()) {
            return figures.advice(Action.REMOVE, config.autoscaleMax(), nodes + " nodes, more than autoscaleMax "
                    + config.autoscaleMax());
        }
        ScalingAdvice up = adviseUp(figures, upNodes, nowMillis);
        if (up != null) {
            return up;
        }
        ScalingAdvice down = adviseDown(figures, upNodes, goneNodes, ClusterLoad.over(all, nowMillis, downWindow), nowMillis);
        if (down != null) {
            return down;
        }
        return figures.advice(Action.HOLD, nodes, "within the targets: " + figures.perNode()
                + " over the last " + upWindow + " s");
    }

    /** ADD (or HOLD while a node warms up) when the mean per node passes a target beyond the tolerance; else null. */
    private ScalingAdvice adviseUp(Figures figures, Map<String, List<MetricsSample>> upNodes, long now) {
        int nodes = figures.nodes;
        double ratio = Math.max(ratio(figures.cpu, nodes, config.autoscaleCpuTarget()),
                ratio(figures.connections, nodes, config.autoscaleConnectionsTarget()));
        if (ratio <= 1 + tolerance) {
            return null;
        }
        int desired = clamp(Math.max(needed(figures.cpu, config.autoscaleCpuTarget()),
                needed(figures.connections, config.autoscaleConnectionsTarget())));
        String load = figures.perNode() + " over the last " + upWindow + " s";
        if (desired <= nodes) {
            return figures.advice(Action.HOLD, nodes, load + " is over target, but autoscaleMax is " + config.autoscaleMax());
        }
        String young = youngest(upNodes, now, upWindow);
        if (young != null) {
            return figures.advice(Action.HOLD, desired, load + " calls for " + desired + " nodes; waiting: " + young);
        }
        return figures.advice(Action.ADD, desired, load + ": over " + targets(1 + tolerance, " or "));
    }

    /** REMOVE (or HOLD during the cooldown) when the peak fits one node fewer under the targets less the tolerance; else null. */
    private ScalingAdvice adviseDown(Figures figures, Map<String, List<MetricsSample>> upNodes,
                                     Map<String, List<MetricsSample>> goneNodes, ClusterLoad window, long now) {
        int nodes = figures.nodes;
        double cpuPeak = window.peakCpu(PEAK_SLICE_SECONDS);
        double connectionsPeak = window.peakConnections(PEAK_SLICE_SECONDS);
        int desired = clamp(Math.max(needed(cpuPeak, config.autoscaleCpuTarget() * (1 - tolerance)),
                needed(connectionsPeak, config.autoscaleConnectionsTarget() * (1 - tolerance))));
        if (desired >= nodes) {
            return null;
        }
        String load = String.format(Locale.ROOT, "the peak of the last %d s, CPU %.1f %% and %.0f sockets in all, fits "
                + "%d node(s) at %s each", downWindow, cpuPeak, connectionsPeak, desired, targets(1 - tolerance, " and "));
        String young = youngest(upNodes, now, downWindow);
        String left = departed(goneNodes, now);
        if (young != null || left != null) {
            return figures.advice(Action.HOLD, desired, load + "; waiting: " + (young != null ? young : left));
        }
        return figures.advice(Action.REMOVE, desired, load);
    }

    /** The load per node over the target, 0 when the target is 0 (not considered). */
    private static double ratio(double total, int nodes, int target) {
        return target == 0 ? 0 : total / nodes / target;
    }

    /** Nodes that carry {@code total} at {@code perNode} each, at least 1; 1 when the target is 0 (not considered). */
    private static int needed(double total, double perNode) {
        return perNode <= 0 ? 1 : Math.max(1, (int) Math.ceil(total / perNode - 1e-9));
    }

    private int clamp(int nodes) {
        return Math.min(config.autoscaleMax(), Math.max(config.autoscaleMin(), nodes));
    }

    /** The targets scaled by {@code factor}, in words, joined by {@code conjunction}. */
    private String targets(double factor, String conjunction) {
        List<String> parts = new ArrayList<>();
        if (config.autoscaleCpuTarget() > 0) {
            parts.add(String.format(Locale.ROOT, "CPU %.0f %%", config.autoscaleCpuTarget() * factor));
        }
        if (config.autoscaleConnectionsTarget() > 0) {
            parts.add(String.format(Locale.ROOT, "%.0f sockets", config.autoscaleConnectionsTarget() * factor));
        }
        return String.join(conjunction, parts) + String.format(Locale.ROOT, " (the targets %s %d %%)",
                factor > 1 ? "+" : "-", config.autoscaleTolerance());
    }

    /** The first up node (by id) sampled for less than {@code windowSeconds}, in words; null when none is. */
    private static String youngest(Map<String, List<MetricsSample>> upNodes, long now, int windowSeconds) {
        for (Map.Entry<String, List<MetricsSample>> node : new TreeMap<>(upNodes).entrySet()) {
            List<MetricsSample> samples = node.getValue();
            long sampled = samples.isEmpty() ? 0 : now - samples.get(0).at() + ClusterLoad.STEP_MILLIS;
            if (sampled < windowSeconds * 1000L) {
                return String.format(Locale.ROOT, "node %s has %d s of samples, %d s needed", node.getKey(),
                        sampled / 1000, windowSeconds);
            }
        }
        return null;
    }

    /** The first node (by id) that left during the scale-down window, in words; null when none did. */
    private String departed(Map<String, List<MetricsSample>> goneNodes, long now) {
        for (Map.Entry<String, List<MetricsSample>> node : new TreeMap<>(goneNodes).entrySet()) {
            List<MetricsSample> samples = node.getValue();
            if (!samples.isEmpty() && now - samples.get(samples.size() - 1).at() < downWindow * 1000L) {
                return String.format(Locale.ROOT, "node %s left %d s ago, %d s needed", node.getKey(),
                        (now - samples.get(samples.size() - 1).at()) / 1000, downWindow);
            }
        }
        return null;
    }

    /** The figures every advice carries: the mean load over the scale-up window. */
    private record Figures(long at, int nodes, double cpu, double connections) {

        ScalingAdvice advice(Action action, int desired, String reason) {
            return new ScalingAdvice(at, action, nodes, desired, round(cpu / nodes), round(connections / nodes), reason);
        }

        String perNode() {
            return String.format(Locale.ROOT, "CPU %.1f %% and %.0f sockets per node", cpu / nodes, connections / nodes);
        }

        private static double round(double value) {
            return Math.round(value * 10) / 10.0;
        }
    }
}

package io.socketgrid.monitoring;

import java.util.Collection;
import java.util.List;

/**
 * The whole cluster's CPU and sockets, second by second, over a window that ends now. The value of a second
 * is the sum over nodes of each node's latest sample at or before that second, so samples need not be
 * aligned across nodes. A node counts from its first sample on; a node that left counts until one interval
 * after its last sample, so the seconds before it left still carry its load.
 */
final class ClusterLoad {

    /** The grid step: samples are taken once a second. */
    static final long STEP_MILLIS = 1000;

    /** One node's samples, oldest first, and whether the node is up now. */
    record NodeSeries(List<MetricsSample> samples, boolean up) {

        /** The node's sample that stands for time {@code t}, or null when the node did not run then. */
        MetricsSample at(long t) {
            int low = 0;
            int high = samples.size() - 1;
            MetricsSample found = null;
            while (low <= high) {
                int middle = (low + high) >>> 1;
                MetricsSample sample = samples.get(middle);
                if (sample.at() <= t) {
                    found = sample;
                    low = middle + 1;
                } else {
                    high = middle - 1;
                }
            }
            if (found == null || (!up && t > found.at() + STEP_MILLIS)) {
                return null;
            }
            return found;
        }
    }

    private final double[] cpu;
    private final double[] connections;

    private ClusterLoad(double[] cpu, double[] connections) {
        this.cpu = cpu;
        this.connections = connections;
    }

    /** The load of {@code nodes} over the {@code windowSeconds} seconds that end at {@code now}. */
    static ClusterLoad over(Collection<NodeSeries> nodes, long now, int windowSeconds) {
        double[] cpu = new double[windowSeconds];
        double[] connections = new double[windowSeconds];
        for (int i = 0; i < windowSeconds; i++) {
            long t = now - (windowSeconds - 1 - i) * STEP_MILLIS;
            for (NodeSeries node : nodes) {
                MetricsSample sample = node.at(t);
                if (sample != null) {
                    cpu[i] += sample.processCpuPercent();
                    connections[i] += sample.connections();
                }
            }
        }
        return new ClusterLoad(cpu, connections);
    }

    double meanCpu() {
        return mean(cpu, 0, cpu.length);
    }

    double meanConnections() {
        return mean(connections, 0, connections.length);
    }

    /** The highest mean of {@code sliceSeconds} consecutive seconds (a whole window shorter than that: its mean). */
    double peakCpu(int sliceSeconds) {
        return peak(cpu, sliceSeconds);
    }

    /** As {@link #peakCpu(int)}, for sockets. */
    double peakConnections(int sliceSeconds) {
        return peak(connections, sliceSeconds);
    }

    private static double peak(double[] values, int slice) {
        if (values.length <= slice) {
            return mean(values, 0, values.length);
        }
        double highest = 0;
        for (int from = 0; from + slice <= values.length; from++) {
            highest = Math.max(highest, mean(values, from, from + slice));
        }
        return highest;
    }

    private static double mean(double[] values, int from, int to) {
        double sum = 0;
        for (int i = from; i < to; i++) {
            sum += values[i];
        }
        return to > from ? sum / (to - from) : 0;
    }
}

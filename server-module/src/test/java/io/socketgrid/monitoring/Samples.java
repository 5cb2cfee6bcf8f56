package io.socketgrid.monitoring;

import java.util.List;
import java.util.Map;

/** Samples for tests: everything zero but the time, the connections and the process CPU. */
final class Samples {

    private Samples() {
    }

    static MetricsSample at(long at, int connections, double cpuPercent) {
        return new MetricsSample(at, connections, 0, 0, 0, Map.of(), 0, 0, 0, 0, 0, 0, 0, LatencySummary.NONE, 0, 0,
                0, 0, cpuPercent, Map.of(), List.of(), 0, 0, 0);
    }

    static MetricsUpdate update(String node, long at) {
        return new MetricsUpdate(node, at(at, 1, 10), Map.of("news", (int) (at / 1000)), null);
    }
}

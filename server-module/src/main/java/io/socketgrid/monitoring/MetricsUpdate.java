package io.socketgrid.monitoring;

import java.util.Map;

/**
 * What a node tells the cluster about itself once a second, on the channel {@code socketgrid.metrics}
 * (docs/MONITORING.md).
 *
 * @param node     the node's id
 * @param sample   the node's last second
 * @param channels the node's local subscriber counts of its largest channels
 * @param advice   the autoscaling advice as the node saw the cluster when it took the sample (null when unknown)
 */
public record MetricsUpdate(String node, MetricsSample sample, Map<String, Integer> channels, ScalingAdvice advice) {

    public MetricsUpdate {
        channels = channels == null ? Map.of() : Map.copyOf(channels);
    }
}

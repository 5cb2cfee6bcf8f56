package io.socketgrid.monitoring;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * SocketGrid's Prometheus gauges: levels read from the last per-second {@link MetricsSample}. A figure the node
 * does not know (process CPU on a JVM that reports none, invoke latency in a second without invokes) is NaN.
 */
public final class PrometheusGauges {

    public static final PrometheusMetric<MetricsSample> CONNECTIONS = PrometheusMetric.untagged(
            "socketgrid_connections", "Sockets open", MetricsSample::connections);
    public static final PrometheusMetric<MetricsSample> SEND_QUEUE_BYTES = PrometheusMetric.untagged(
            "socketgrid_send_queue_bytes", "Bytes waiting in all send queues", MetricsSample::sendQueueBytes);
    public static final PrometheusMetric<MetricsSample> SEND_QUEUE_MAX_BYTES = PrometheusMetric.untagged(
            "socketgrid_send_queue_max_bytes", "Bytes waiting in the fullest send queue",
            MetricsSample::sendQueueMaxBytes);
    public static final PrometheusMetric<MetricsSample> HEAP_USED_BYTES = PrometheusMetric.untagged(
            "socketgrid_heap_used_bytes", "Heap in use", MetricsSample::heapUsedBytes);
    public static final PrometheusMetric<MetricsSample> PROCESS_CPU_PERCENT = PrometheusMetric.untagged(
            "socketgrid_process_cpu_percent",
            "The JVM's CPU over the last second, percent of one core (200 = two cores busy)",
            sample -> sample.processCpuPercent() < 0 ? Double.NaN : sample.processCpuPercent());
    public static final PrometheusMetric<MetricsSample> THREAD_CPU_PERCENT = PrometheusMetric.tagged(
            "socketgrid_thread_cpu_percent", "CPU over the last second by thread group, percent of one core",
            "pool", MetricsSample::threadCpuPercent);
    public static final PrometheusMetric<MetricsSample> INVOKE_LATENCY_SECONDS = PrometheusMetric.tagged(
            "socketgrid_invoke_latency_seconds",
            "Arrival-to-answer latency of the procedures answered in the last second, by quantile", "quantile",
            sample -> quantiles(sample.invokeMicros()));
    public static final PrometheusMetric<MetricsSample> INVOKE_LATENCY_MAX_SECONDS = PrometheusMetric.untagged(
            "socketgrid_invoke_latency_max_seconds",
            "The longest arrival-to-answer latency of the procedures answered in the last second",
            sample -> seconds(sample.invokeMicros(), sample.invokeMicros().max()));

    /** Every gauge, in the order docs/MONITORING.md lists them. */
    public static final List<PrometheusMetric<MetricsSample>> ALL = List.of(CONNECTIONS, SEND_QUEUE_BYTES,
            SEND_QUEUE_MAX_BYTES, HEAP_USED_BYTES, PROCESS_CPU_PERCENT, THREAD_CPU_PERCENT, INVOKE_LATENCY_SECONDS,
            INVOKE_LATENCY_MAX_SECONDS);

    private PrometheusGauges() {
    }

    /** Every gauge's series with its level; a tagged gauge has a series per tag value in the sample. */
    public static Map<PrometheusSeries, Number> read(MetricsSample sample) {
        return PrometheusMetric.read(ALL, sample);
    }

    private static Map<String, Double> quantiles(LatencySummary latency) {
        Map<String, Double> byQuantile = new LinkedHashMap<>();
        byQuantile.put("0.5", seconds(latency, latency.p50()));
        byQuantile.put("0.9", seconds(latency, latency.p90()));
        byQuantile.put("0.99", seconds(latency, latency.p99()));
        return byQuantile;
    }

    /** {@code micros} of {@code latency} in seconds; NaN when nothing was recorded. */
    private static double seconds(LatencySummary latency, long micros) {
        return latency.count() == 0 ? Double.NaN : micros / 1e6;
    }
}

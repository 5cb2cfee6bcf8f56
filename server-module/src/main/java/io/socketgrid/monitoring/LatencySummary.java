package io.socketgrid.monitoring;

/**
 * Latencies recorded during one interval, in microseconds; all zero when nothing was recorded.
 *
 * @param count how many were recorded
 * @param p50   median
 * @param p90   90th percentile
 * @param p99   99th percentile
 * @param max   the largest
 */
public record LatencySummary(long count, long p50, long p90, long p99, long max) {

    public static final LatencySummary NONE = new LatencySummary(0, 0, 0, 0, 0);
}

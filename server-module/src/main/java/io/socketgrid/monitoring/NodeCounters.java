package io.socketgrid.monitoring;

import java.util.Map;

/**
 * A node's counters at one instant, as the metrics sampler reads them: totals since start, except the
 * gauges {@code connections}, {@code sendQueueBytes} and {@code sendQueueMaxBytes} (now) and
 * {@code invokeLatency} (the interval since the previous read).
 *
 * @param closeCodes closed connections by close code (as text), totals
 */
public record NodeCounters(int connections, long opened, long closed, long handshakes, long messagesIn,
                           long messagesOut, long charsIn, long charsOut, long binaryBytesIn, long binaryBytesOut,
                           long publishes, long deliveries, long invokes, long fileBytesReceived, long fileBytesSent,
                           long slowConsumersClosed, Map<String, Long> closeCodes, long sendQueueBytes,
                           long sendQueueMaxBytes, LatencySummary invokeLatency) {

    public NodeCounters {
        closeCodes = Map.copyOf(closeCodes);
    }
}

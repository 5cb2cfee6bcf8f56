package io.socketgrid.monitoring;

/**
 * The cumulative counters of a node at one instant, as the metrics sampler reads them (totals since start,
 * except {@code connections}, the sockets open now).
 */
public record NodeCounters(int connections, long opened, long closed, long messagesIn, long messagesOut,
                           long charsIn, long charsOut, long binaryBytesIn, long binaryBytesOut,
                           long fileBytesReceived, long fileBytesSent, long slowConsumersClosed) {
}

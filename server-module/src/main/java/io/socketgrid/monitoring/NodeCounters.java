package io.socketgrid.monitoring;

import io.socketgrid.engine.EngineStats;
import io.socketgrid.engine.SocketGridEngine;

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

    /**
     * The counters of an engine ({@code engine}, its send queues now and its invoke latencies since the last
     * read) and of its file transfers (payload bytes so far).
     */
    public static NodeCounters of(EngineStats engine, SocketGridEngine.SendQueueDepth queues, LatencySummary invokeLatency,
                                  long fileBytesReceived, long fileBytesSent) {
        return new NodeCounters(engine.connections(), engine.connectionsOpened(), engine.connectionsClosed(),
                engine.handshakes(), engine.messagesIn(), engine.messagesOut(), engine.charsIn(), engine.charsOut(),
                engine.binaryBytesIn(), engine.binaryBytesOut(), engine.publishes(), engine.deliveries(),
                engine.invokesAnswered(), fileBytesReceived, fileBytesSent, engine.slowConsumersClosed(),
                engine.closeCodes(), queues.totalBytes(), queues.maxBytes(), invokeLatency);
    }
}

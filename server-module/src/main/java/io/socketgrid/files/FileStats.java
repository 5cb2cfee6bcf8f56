package io.socketgrid.files;

import java.util.Map;

/**
 * This node's file transfer counters, for {@code GET /socketgrid/stats}: transfers started and completed,
 * payload bytes received (in order, written or passed on) and sent, duplicate chunks ignored, messages relayed
 * between nodes, transfers open now, and refusals and failures by error name.
 */
public record FileStats(long started, long completed, long bytesReceived, long bytesSent, long duplicateChunks,
                        long relayedMessages, int open, Map<String, Long> failures) {
}

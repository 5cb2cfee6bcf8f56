package io.socketgrid.cluster;

import java.util.Map;

/**
 * What a node tells the cluster about itself on every heartbeat.
 *
 * @param nodeId      the node's id (the prefix of its socket ids)
 * @param url         where the node serves HTTP, as configured ({@code socketgrid.advertisedUrl}); may be empty
 * @param startedAt   epoch milliseconds when the node started
 * @param connections sockets connected to the node now
 * @param heartbeatAt epoch milliseconds of this report
 * @param gauges      application figures (the ping workload reports {@code pings}), by name
 */
public record NodeInfo(String nodeId, String url, long startedAt, int connections, long heartbeatAt,
                       Map<String, Long> gauges) {

    public NodeInfo {
        gauges = Map.copyOf(gauges);
    }
}

package io.socketgrid.monitoring;

import java.util.List;
import java.util.Map;

/**
 * SocketGrid's Prometheus counters: totals since the node started, read from the {@link NodeCounters} of each
 * per-second sample, so a scrape sees them as of the last sample (at most a second old).
 */
public final class PrometheusCounters {

    public static final PrometheusMetric<NodeCounters> CONNECTIONS_OPENED = PrometheusMetric.untagged(
            "socketgrid_connections_opened_total", "WebSocket connections accepted", NodeCounters::opened);
    public static final PrometheusMetric<NodeCounters> CONNECTIONS_CLOSED = PrometheusMetric.tagged(
            "socketgrid_connections_closed_total", "Connections ended, by close code", "code",
            NodeCounters::closeCodes);
    public static final PrometheusMetric<NodeCounters> HANDSHAKES = PrometheusMetric.untagged(
            "socketgrid_handshakes_total", "#handshake requests accepted", NodeCounters::handshakes);
    public static final PrometheusMetric<NodeCounters> MESSAGES_IN = PrometheusMetric.untagged(
            "socketgrid_messages_in_total", "Text messages received", NodeCounters::messagesIn);
    public static final PrometheusMetric<NodeCounters> MESSAGES_OUT = PrometheusMetric.untagged(
            "socketgrid_messages_out_total", "Text messages written (answers, deliveries and heartbeats)",
            NodeCounters::messagesOut);
    public static final PrometheusMetric<NodeCounters> BYTES_IN = PrometheusMetric.untagged(
            "socketgrid_bytes_in_total", "Text characters and binary bytes received",
            totals -> totals.charsIn() + totals.binaryBytesIn());
    public static final PrometheusMetric<NodeCounters> BYTES_OUT = PrometheusMetric.untagged(
            "socketgrid_bytes_out_total", "Text characters and binary bytes written",
            totals -> totals.charsOut() + totals.binaryBytesOut());
    public static final PrometheusMetric<NodeCounters> PUBLISHES = PrometheusMetric.untagged(
            "socketgrid_publishes_total", "Channel messages this node handed to the broker", NodeCounters::publishes);
    public static final PrometheusMetric<NodeCounters> DELIVERIES = PrometheusMetric.untagged(
            "socketgrid_deliveries_total", "Channel messages written to this node's subscribers",
            NodeCounters::deliveries);
    public static final PrometheusMetric<NodeCounters> INVOKES = PrometheusMetric.untagged(
            "socketgrid_invokes_total", "Application procedures answered", NodeCounters::invokes);
    public static final PrometheusMetric<NodeCounters> FILE_BYTES_IN = PrometheusMetric.untagged(
            "socketgrid_file_bytes_in_total", "File-transfer payload bytes received", NodeCounters::fileBytesReceived);
    public static final PrometheusMetric<NodeCounters> FILE_BYTES_OUT = PrometheusMetric.untagged(
            "socketgrid_file_bytes_out_total", "File-transfer payload bytes sent", NodeCounters::fileBytesSent);
    public static final PrometheusMetric<NodeCounters> SLOW_CONSUMERS_CUT = PrometheusMetric.untagged(
            "socketgrid_slow_consumers_cut_total", "Sockets closed with 4100 because their send queue overflowed",
            NodeCounters::slowConsumersClosed);

    /** Every counter, in the order docs/MONITORING.md lists them. */
    public static final List<PrometheusMetric<NodeCounters>> ALL = List.of(CONNECTIONS_OPENED, CONNECTIONS_CLOSED,
            HANDSHAKES, MESSAGES_IN, MESSAGES_OUT, BYTES_IN, BYTES_OUT, PUBLISHES, DELIVERIES, INVOKES, FILE_BYTES_IN,
            FILE_BYTES_OUT, SLOW_CONSUMERS_CUT);

    private PrometheusCounters() {
    }

    /** Every counter's series with its total; a tagged counter has a series per tag value seen so far. */
    public static Map<PrometheusSeries, Number> read(NodeCounters totals) {
        return PrometheusMetric.read(ALL, totals);
    }
}

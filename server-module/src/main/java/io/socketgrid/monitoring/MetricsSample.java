package io.socketgrid.monitoring;

import java.util.List;
import java.util.Map;

/**
 * One second (or whatever interval the sampler ran) of a node: rates per second over the interval that ended
 * at {@code at}, and gauges read at {@code at}. This is the shape of a sample in {@code /socketgrid/metrics}
 * and on the monitoring channel (docs/MONITORING.md).
 *
 * @param at                epoch milliseconds when the sample was taken
 * @param connections       sockets open
 * @param openedPerSec      WebSocket connections accepted per second
 * @param handshakesPerSec  {@code #handshake}s accepted per second
 * @param closedPerSec      connections ended per second
 * @param closesByCode      connections ended during the interval, by close code (only codes that occurred)
 * @param messagesInPerSec  text messages received per second
 * @param messagesOutPerSec text messages sent per second (answers, deliveries, heartbeats)
 * @param bytesInPerSec     text characters and binary bytes received per second
 * @param bytesOutPerSec    text characters and binary bytes sent per second
 * @param publishesPerSec   channel messages this node handed to the broker per second
 * @param deliveriesPerSec  channel messages written to this node's subscribers per second
 * @param invokesPerSec     application procedures answered per second
 * @param invokeMicros      their latency, arrival to answer, during the interval
 * @param fileBytesPerSec   file-transfer payload bytes received and sent per second
 * @param sendQueueBytes    bytes waiting in all send queues
 * @param sendQueueMaxBytes bytes waiting in the fullest send queue
 * @param slowConsumersCut  sockets closed with 4100 during the interval
 * @param processCpuPercent the whole JVM's CPU, percent of one core
 * @param threadCpuPercent  CPU by {@link ThreadPool}, percent of one core
 * @param busiestThreads    the threads that used the most CPU during the interval (at most eight), the most first
 * @param heapUsedBytes     heap in use
 * @param gcPauses          collections during the interval
 * @param gcMillis          time the collectors reported during the interval
 */
public record MetricsSample(long at, int connections, double openedPerSec, double handshakesPerSec,
                            double closedPerSec, Map<String, Long> closesByCode, double messagesInPerSec,
                            double messagesOutPerSec, double bytesInPerSec, double bytesOutPerSec,
                            double publishesPerSec, double deliveriesPerSec, double invokesPerSec,
                            LatencySummary invokeMicros, double fileBytesPerSec, long sendQueueBytes,
                            long sendQueueMaxBytes, long slowConsumersCut, double processCpuPercent,
                            Map<String, Double> threadCpuPercent, List<BusyThread> busiestThreads,
                            long heapUsedBytes, long gcPauses, long gcMillis) {

    /** One thread's CPU in the interval: its name as Linux keeps it (15 characters), its group, percent of one core. */
    public record BusyThread(String name, String pool, double cpuPercent) {
    }
}

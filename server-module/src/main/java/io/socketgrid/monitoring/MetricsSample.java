package io.socketgrid.monitoring;

import java.util.Map;

/**
 * One second (or whatever interval the sampler ran) of a node: rates per second over the interval that ended
 * at {@code at}, and gauges read at {@code at}.
 *
 * @param at                epoch milliseconds when the sample was taken
 * @param connections       sockets open
 * @param openedPerSec      connections accepted per second
 * @param closedPerSec      connections ended per second
 * @param messagesInPerSec  text messages received per second
 * @param messagesOutPerSec text messages sent per second (answers, deliveries, heartbeats)
 * @param bytesInPerSec     text characters and binary bytes received per second
 * @param bytesOutPerSec    text characters and binary bytes sent per second
 * @param fileBytesPerSec   file-transfer payload bytes received and sent per second
 * @param slowConsumersCut  sockets closed with 4100 during the interval
 * @param processCpuPercent the whole JVM's CPU, percent of one core
 * @param threadCpuPercent  CPU by {@link ThreadPool}, percent of one core
 * @param heapUsedBytes     heap in use
 * @param gcPauses          collections during the interval
 * @param gcMillis          time the collectors reported during the interval
 */
public record MetricsSample(long at, int connections, double openedPerSec, double closedPerSec,
                            double messagesInPerSec, double messagesOutPerSec, double bytesInPerSec,
                            double bytesOutPerSec, double fileBytesPerSec, long slowConsumersCut,
                            double processCpuPercent, Map<String, Double> threadCpuPercent, long heapUsedBytes,
                            long gcPauses, long gcMillis) {
}

package io.socketgrid.load.report;

/**
 * One second of a run, as the progress line shows it and timeline.csv keeps it. Rates are per second over that
 * second; latencies (ms) are of what completed during it (NaN when nothing did); server figures are NaN / -1
 * when no server probe samples per second.
 */
public record ProgressRow(long second, String phase, long open, long pending, long failed, long dropped,
                          long sentPerSec, long completedPerSec, long errorsPerSec,
                          double p50Ms, double p99Ms, double maxMs,
                          double serverCpuPercent, long serverRssBytes) {
}

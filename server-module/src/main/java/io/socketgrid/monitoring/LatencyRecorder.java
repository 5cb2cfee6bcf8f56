package io.socketgrid.monitoring;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import java.util.concurrent.TimeUnit;

/**
 * Records latencies from any number of threads without locks or allocation (HdrHistogram's {@link Recorder}:
 * a wait-free write into a preallocated histogram), and hands one reader the interval since its last call.
 * Values are kept in microseconds with two significant digits, up to one minute (longer ones count as a
 * minute).
 */
public final class LatencyRecorder {

    private static final long HIGHEST_MICROS = TimeUnit.MINUTES.toMicros(1);

    private final Recorder recorder = new Recorder(1, HIGHEST_MICROS, 2);
    private Histogram recycled;

    /** Records one latency of {@code nanos}; safe from any thread. */
    public void record(long nanos) {
        recorder.recordValue(Math.min(HIGHEST_MICROS, Math.max(1, nanos / 1000)));
    }

    /** What was recorded since the previous call (or since construction); one reader at a time. */
    public synchronized LatencySummary takeInterval() {
        Histogram interval = recorder.getIntervalHistogram(recycled);
        recycled = interval;
        if (interval.getTotalCount() == 0) {
            return LatencySummary.NONE;
        }
        return new LatencySummary(interval.getTotalCount(), interval.getValueAtPercentile(50),
                interval.getValueAtPercentile(90), interval.getValueAtPercentile(99), interval.getMaxValue());
    }
}

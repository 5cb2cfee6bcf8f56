package io.socketgrid.load.run;

/**
 * The clock and the timers of a load run: {@link ThreadScheduler} in the command, a hand-driven one in tests,
 * so that every workload's timing can be checked without waiting.
 */
public interface Scheduler {

    /** Monotonic nanoseconds (only differences mean anything). */
    long nanoTime();

    /** Wall-clock milliseconds since the epoch, for reports. */
    long epochMillis();

    /**
     * Runs {@code task} once, {@code delayNanos} from now (at once when ≤ 0). Tasks run one at a time, in the
     * order of their times (ties in the order they were scheduled), never on the caller's stack.
     */
    Cancellable schedule(long delayNanos, Runnable task);

    /** A scheduled task, which may be cancelled before it runs. */
    interface Cancellable {
        void cancel();
    }
}

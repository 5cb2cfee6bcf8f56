package io.socketgrid.client;

/**
 * The time source of the client's timeouts, watchdogs and reconnect delays; a real scheduler in production,
 * a hand-driven clock in tests. Tasks run on the implementation's thread(s) and must not block.
 */
interface Timers {

    /** Runs {@code task} once, {@code delayMillis} from now; the returned handle cancels it. */
    Cancellable schedule(Runnable task, long delayMillis);

    /** Milliseconds on a monotonic clock. */
    long nowMillis();

    /** Cancels a scheduled task; cancelling one that ran already does nothing. */
    @FunctionalInterface
    interface Cancellable {
        Cancellable NONE = () -> { };

        void cancel();
    }
}

package io.socketgrid.client;

import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * {@link Timers} on one daemon thread shared by every socket of a {@link SocketGridClient}: with tens of
 * thousands of sockets that is one thread, not one per socket. Cancelled tasks leave the queue at once, so
 * invoke timeouts that never fire do not pile up.
 */
final class SchedulerTimers implements Timers, AutoCloseable {

    private final ScheduledThreadPoolExecutor executor;

    SchedulerTimers() {
        executor = new ScheduledThreadPoolExecutor(1, task -> {
            Thread thread = new Thread(task, "socketgrid-client-timers");
            thread.setDaemon(true);
            return thread;
        });
        executor.setRemoveOnCancelPolicy(true);
    }

    @Override
    public Cancellable schedule(Runnable task, long delayMillis) {
        var future = executor.schedule(task, delayMillis, TimeUnit.MILLISECONDS);
        return () -> future.cancel(false);
    }

    @Override
    public long nowMillis() {
        return System.nanoTime() / 1_000_000;
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}

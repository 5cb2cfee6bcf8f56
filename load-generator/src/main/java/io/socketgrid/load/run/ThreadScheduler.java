package io.socketgrid.load.run;

import io.netty.util.concurrent.DefaultThreadFactory;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The real {@link Scheduler}: one daemon thread ({@code load-timer}) runs every timer of a run (connection
 * openings, pings, publishes, the progress line). A task that throws is logged and does not stop the others.
 */
public final class ThreadScheduler implements Scheduler, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ThreadScheduler.class.getName());

    private final ScheduledThreadPoolExecutor executor;

    public ThreadScheduler() {
        executor = new ScheduledThreadPoolExecutor(1, new DefaultThreadFactory("load-timer", true));
        executor.setRemoveOnCancelPolicy(true);
    }

    @Override
    public long nanoTime() {
        return System.nanoTime();
    }

    @Override
    public long epochMillis() {
        return System.currentTimeMillis();
    }

    @Override
    public Cancellable schedule(long delayNanos, Runnable task) {
        ScheduledFuture<?> future = executor.schedule(() -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "a load-run timer task failed", e);
            }
        }, Math.max(0, delayNanos), TimeUnit.NANOSECONDS);
        return () -> future.cancel(false);
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}

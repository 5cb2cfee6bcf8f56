package io.socketgrid.jakarta;

import io.socketgrid.concurrent.DaemonThreads;

import java.util.concurrent.Delayed;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The scheduler {@link TyrusSchedulerPatch} gives the Tyrus server container: one plain thread that drops
 * cancelled tasks, and that does not schedule what cannot do anything.
 *
 * <p>Tyrus re-arms a session's idle-timeout command on every inbound and outbound message, with the session's
 * {@code maxIdleTimeout} as the delay, also when that is 0 (no idle timeout: SocketGrid's endpoints set it, the
 * heartbeats decide liveness). Such a command returns at once when it runs (it only closes a session whose
 * positive timeout elapsed), yet scheduling it costs a task object, a queue insertion and a wake-up of this
 * thread: one context switch per message. A command of the idle-timeout class scheduled with a delay
 * {@code <= 0} is therefore answered with a future that is already done, and never queued. Every other task
 * is scheduled as usual.
 */
final class TyrusIdleTimeoutScheduler extends ScheduledThreadPoolExecutor {

    /** The class of Tyrus's idle-timeout command (Tyrus 2.x). */
    static final String TYRUS_IDLE_TIMEOUT_COMMAND = "org.glassfish.tyrus.core.TyrusSession$IdleTimeoutCommand";

    private final String idleTimeoutCommand;

    TyrusIdleTimeoutScheduler() {
        this(TYRUS_IDLE_TIMEOUT_COMMAND);
    }

    /** @param idleTimeoutCommand the class name of the command that is a no-op without a positive delay */
    TyrusIdleTimeoutScheduler(String idleTimeoutCommand) {
        super(1, DaemonThreads.named("socketgrid-tyrus-idle-timeouts"));
        this.idleTimeoutCommand = idleTimeoutCommand;
        setRemoveOnCancelPolicy(true);
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
        if (delay <= 0 && command.getClass().getName().equals(idleTimeoutCommand)) {
            return NothingScheduled.INSTANCE;
        }
        return super.schedule(command, delay, unit);
    }

    /** The future of a command that was not scheduled because it had nothing to do: done, never cancelled. */
    static final class NothingScheduled implements ScheduledFuture<Object> {
        static final NothingScheduled INSTANCE = new NothingScheduled();

        private NothingScheduled() {
        }

        @Override
        public long getDelay(TimeUnit unit) {
            return 0;
        }

        @Override
        public int compareTo(Delayed other) {
            return Long.compare(0, other.getDelay(TimeUnit.NANOSECONDS));
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            return false;
        }

        @Override
        public boolean isCancelled() {
            return false;
        }

        @Override
        public boolean isDone() {
            return true;
        }

        @Override
        public Object get() {
            return null;
        }

        @Override
        public Object get(long timeout, TimeUnit unit) {
            return null;
        }
    }
}

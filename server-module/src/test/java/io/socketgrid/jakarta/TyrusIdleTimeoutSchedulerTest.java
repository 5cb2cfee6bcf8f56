package io.socketgrid.jakarta;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TyrusIdleTimeoutSchedulerTest {

    /** Stands for Tyrus's idle-timeout command: the scheduler recognises it by class name. */
    static final class IdleTimeoutCommand implements Runnable {
        int runs;

        @Override
        public void run() {
            runs++;
        }
    }

    private final TyrusIdleTimeoutScheduler scheduler = new TyrusIdleTimeoutScheduler(IdleTimeoutCommand.class.getName());

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
    }

    @Test
    void anIdleTimeoutWithoutDelayIsNeverQueued() throws Exception {
        IdleTimeoutCommand command = new IdleTimeoutCommand();

        ScheduledFuture<?> future = scheduler.schedule(command, 0, TimeUnit.MILLISECONDS);

        assertSame(TyrusIdleTimeoutScheduler.NothingScheduled.INSTANCE, future);
        assertTrue(future.isDone());
        assertFalse(future.cancel(false), "nothing to cancel");
        assertNull(future.get());
        assertEquals(0, scheduler.getTaskCount(), "no task was submitted");
        assertEquals(0, command.runs);
    }

    @Test
    void anIdleTimeoutWithADelayIsScheduled() {
        ScheduledFuture<?> future = scheduler.schedule(new IdleTimeoutCommand(), 1, TimeUnit.HOURS);

        assertNotSame(TyrusIdleTimeoutScheduler.NothingScheduled.INSTANCE, future);
        assertEquals(1, scheduler.getQueue().size());
        assertTrue(future.cancel(false));
        assertEquals(0, scheduler.getQueue().size(), "cancelled tasks are removed at once");
    }

    @Test
    void otherTasksRunAsScheduledEvenWithoutDelay() throws Exception {
        CountDownLatch ran = new CountDownLatch(1);

        ScheduledFuture<?> future = scheduler.schedule(ran::countDown, 0, TimeUnit.MILLISECONDS);

        assertTrue(ran.await(10, TimeUnit.SECONDS), "an ordinary task without delay runs");
        assertNull(future.get(10, TimeUnit.SECONDS));
    }
}

package io.socketgrid.load.run;

import java.util.PriorityQueue;

/**
 * A {@link Scheduler} driven by hand: time stands still until {@link #advance} moves it, running every task due
 * on the way in time order (ties in scheduling order), each at its own time. Single-threaded: tests call it
 * from one thread, and tasks (the fake transport's too) run on that thread.
 */
public final class ManualScheduler implements Scheduler {

    private record Task(long at, long order, Runnable body, boolean[] cancelled) implements Comparable<Task> {
        @Override
        public int compareTo(Task other) {
            int byTime = Long.compare(at, other.at);
            return byTime != 0 ? byTime : Long.compare(order, other.order);
        }
    }

    private final PriorityQueue<Task> tasks = new PriorityQueue<>();
    private long now = 1_000_000_000L;
    private long order;
    private int ran;

    @Override
    public long nanoTime() {
        return now;
    }

    @Override
    public long epochMillis() {
        return 1_700_000_000_000L + now / 1_000_000;
    }

    @Override
    public Cancellable schedule(long delayNanos, Runnable body) {
        boolean[] cancelled = {false};
        tasks.add(new Task(now + Math.max(0, delayNanos), order++, body, cancelled));
        return () -> cancelled[0] = true;
    }

    /** Moves time forward by {@code nanos}, running what falls due; at most {@code 10_000_000} tasks (no endless loop). */
    public void advance(long nanos) {
        long until = now + nanos;
        while (!tasks.isEmpty() && tasks.peek().at() <= until) {
            Task task = tasks.poll();
            now = Math.max(now, task.at());
            if (!task.cancelled()[0]) {
                task.body().run();
                if (++ran > 10_000_000) {
                    throw new IllegalStateException("more than 10 million tasks: a loop that never ends?");
                }
            }
        }
        now = until;
    }

    public void advanceMillis(long millis) {
        advance(millis * 1_000_000L);
    }

    /** Runs what is due now. */
    public void runDue() {
        advance(0);
    }
}

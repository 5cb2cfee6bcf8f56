package io.socketgrid.client;

import java.util.PriorityQueue;

/** {@link Timers} on a clock the test moves: tasks run, in time order, inside {@link #advance}. */
final class ManualTimers implements Timers {

    private record Task(long due, long sequence, Runnable body, boolean[] cancelled) {
    }

    private final PriorityQueue<Task> tasks = new PriorityQueue<>((a, b) -> a.due != b.due
            ? Long.compare(a.due, b.due) : Long.compare(a.sequence, b.sequence));
    private long now = 1_000;
    private long sequence;

    @Override
    public Cancellable schedule(Runnable task, long delayMillis) {
        boolean[] cancelled = {false};
        tasks.add(new Task(now + delayMillis, sequence++, task, cancelled));
        return () -> cancelled[0] = true;
    }

    @Override
    public long nowMillis() {
        return now;
    }

    /** Moves the clock by {@code millis}, running every task that falls due on the way. */
    void advance(long millis) {
        long target = now + millis;
        for (Task next = tasks.peek(); next != null && next.due <= target; next = tasks.peek()) {
            tasks.poll();
            now = next.due;
            if (!next.cancelled[0]) {
                next.body.run();
            }
        }
        now = target;
    }

    /** Tasks scheduled and not cancelled. */
    long pending() {
        return tasks.stream().filter(t -> !t.cancelled[0]).count();
    }
}

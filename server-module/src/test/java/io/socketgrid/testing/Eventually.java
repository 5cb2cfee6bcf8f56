package io.socketgrid.testing;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Waits for eventually consistent state: evaluates {@code probe} until {@code condition} holds, every 20 ms,
 * for at most {@link #LIMIT}; fails the test with the last value otherwise.
 */
public final class Eventually {

    public static final Duration LIMIT = Duration.ofSeconds(10);

    private Eventually() {
    }

    public static <T> T await(String what, Callable<T> probe, Predicate<T> condition) throws Exception {
        return await(what, LIMIT, probe, condition);
    }

    /** As {@link #await(String, Callable, Predicate)} with another limit. */
    public static <T> T await(String what, Duration limit, Callable<T> probe, Predicate<T> condition) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        T value = probe.call();
        while (!condition.test(value)) {
            if (System.nanoTime() > deadline) {
                return fail(what + " did not happen within " + limit.toSeconds() + " s; last value: " + value);
            }
            LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
            value = probe.call();
        }
        return value;
    }
}

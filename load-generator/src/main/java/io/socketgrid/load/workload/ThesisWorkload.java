package io.socketgrid.load.workload;

import io.socketgrid.load.dialect.Session;
import io.socketgrid.load.report.Figures;

import java.time.Duration;
import java.util.SplittableRandom;

/**
 * The thesis workload (Appendix A.1, §4.2): connections opened at the run's rate up to N; each, once open,
 * invokes the thesis ping after a delay drawn uniformly from [0, P) and keeps doing so, whether or not the
 * previous answer came back (an open loop: a slow server does not lower the offered load). Intervals:
 * <ul>
 *   <li>{@link Intervals#FRESH}: a new delay after every ping (mean rate N / (P / 2));</li>
 *   <li>{@link Intervals#FIXED}: one delay per connection, drawn once, as the thesis's
 *       {@code setInterval(…, Math.round(Math.random() * 5000))} (under 1 ms becomes 1 ms, as in Node).</li>
 * </ul>
 * Connection i draws from its own generator seeded with {@code seed} and i, so every server gets the same
 * schedule (as scripts/bench/latency.mjs).
 */
public final class ThesisWorkload extends Ping {

    public enum Intervals { FRESH, FIXED }

    private static final long MILLI = 1_000_000L;

    private final long intervalMaxNanos;
    private final Intervals intervals;
    private final long seed;

    public ThesisWorkload(int connections, Duration intervalMax, Intervals intervals, long seed) {
        super("thesis", connections, "round trip of the invoked ping (sent to answer read)");
        if (intervalMax.isNegative() || intervalMax.isZero()) {
            throw new IllegalArgumentException("a positive interval");
        }
        this.intervalMaxNanos = intervalMax.toNanos();
        this.intervals = intervals;
        this.seed = seed;
    }

    /** One connection's schedule. */
    private static final class Schedule {
        final SplittableRandom random;
        final long fixedDelay; // -1 for fresh delays

        Schedule(SplittableRandom random, long fixedDelay) {
            this.random = random;
            this.fixedDelay = fixedDelay;
        }
    }





    @Override
    public void ready(Session session) {
        SplittableRandom random = new SplittableRandom(seed * 100_003 + session.index());
        long fixed = intervals == Intervals.FIXED
                ? Math.max(MILLI, Math.round(random.nextDouble() * intervalMaxNanos / MILLI) * MILLI) : -1;
        Schedule schedule = new Schedule(random, fixed);
        session.attachment = schedule;
        run.scheduler().schedule(delay(schedule), () -> tick(session, schedule));
    }

    /** The delay before a connection's next ping. */
    long delay(Schedule schedule) {
        return schedule.fixedDelay >= 0 ? schedule.fixedDelay : (long) (schedule.random.nextDouble() * intervalMaxNanos);
    }

    private void tick(Session session, Schedule schedule) {
        if (!run.sending() || !session.isReady()) {
            return;
        }
        send(session);
        run.scheduler().schedule(delay(schedule), () -> tick(session, schedule));
    }


    @Override
    public void report(Figures figures) {
        figures.put("thesis.connections", connections())
                .put("thesis.intervalMaxMs", intervalMaxNanos / (double) MILLI)
                .put("thesis.intervals", intervals.name().toLowerCase())
                .put("thesis.seed", seed);
    }
}

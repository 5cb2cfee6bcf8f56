package io.socketgrid.load.workload;

import io.socketgrid.load.dialect.Session;
import io.socketgrid.load.report.Figures;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

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
 *
 * <p>With a file size S &gt; 0 (the thesis's file variant, Appendix A.2, §4.5) each ping is
 * {@code ping.file} {@code {"param":"pong","size":S}}, which SocketGrid's PingPongApplication and the peers of
 * scripts/bench/peers answer with the file {@code foo.txt} of S bytes in base64
 * ({@code {"count","name","size","data"}}); an answer whose {@code data} is not the length S's base64 has is
 * counted as the error {@code FileSizeMismatch}, not as completed.
 */
public final class ThesisWorkload extends Ping {

    public enum Intervals { FRESH, FIXED }

    private static final long MILLI = 1_000_000L;
    static final String FILE_EVENT = "ping.file";

    private final long intervalMaxNanos;
    private final Intervals intervals;
    private final long seed;
    private final int fileBytes;
    private final JsonObject fileData;

    public ThesisWorkload(int connections, Duration intervalMax, Intervals intervals, long seed) {
        this(connections, intervalMax, intervals, seed, 0);
    }

    /** With {@code fileBytes} &gt; 0, pings ask for a file of that size in the answer. */
    public ThesisWorkload(int connections, Duration intervalMax, Intervals intervals, long seed, int fileBytes) {
        super("thesis", connections, fileBytes > 0
                ? "round trip of the invoked ping.file (sent to the answer with the file read)"
                : "round trip of the invoked ping (sent to answer read)");
        if (intervalMax.isNegative() || intervalMax.isZero()) {
            throw new IllegalArgumentException("a positive interval");
        }
        if (fileBytes < 0) {
            throw new IllegalArgumentException("a file size of 0 or more");
        }
        this.intervalMaxNanos = intervalMax.toNanos();
        this.intervals = intervals;
        this.seed = seed;
        this.fileBytes = fileBytes;
        this.fileData = Json.createObjectBuilder().add("param", "pong").add("size", fileBytes).build();
    }

    @Override
    String event() {
        return fileBytes > 0 ? FILE_EVENT : EVENT;
    }

    @Override
    JsonValue data() {
        return fileBytes > 0 ? fileData : DATA;
    }

    @Override
    public void answered(Session session, JsonValue data, long rttNanos) {
        if (fileBytes > 0 && !carriesTheFile(data)) {
            run.error("FileSizeMismatch");
        } else {
            run.completed(rttNanos);
        }
    }

    private boolean carriesTheFile(JsonValue data) {
        return data instanceof JsonObject answer && answer.get("data") instanceof JsonString base64
                && base64.getString().length() == 4 * ((fileBytes + 2) / 3);
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
                .put("thesis.seed", seed)
                .put("thesis.fileBytes", fileBytes);
    }
}

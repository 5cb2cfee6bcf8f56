package io.socketgrid.load.run;

import io.socketgrid.client.transport.Transport;
import io.socketgrid.load.dialect.Session;
import io.socketgrid.load.dialect.SessionEvents;
import io.socketgrid.load.report.Figures;
import io.socketgrid.load.report.ProgressRow;
import io.socketgrid.load.report.ProgressSink;
import io.socketgrid.load.report.ServerProbe;
import jakarta.json.JsonValue;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * One load run: opens the workload's connections at the settings' rate (at most {@code maxPending} opening at
 * once, at most {@code maxConnections} in all), lets the workload send for {@code duration}, waits up to
 * {@code drain} for the last answers, closes every connection (waiting up to {@link RunSettings#CLOSE_WAIT}),
 * and reports. Every timer runs on the {@link Scheduler}; the sessions call back on their I/O threads.
 *
 * <p>Bounded in time and in count whatever the server does: the run ends at most
 * {@code duration + drain + CLOSE_WAIT} after {@link #start}, opens at most {@code maxConnections}, and lets
 * the workload send at most {@code maxMessages} ({@link #takeMessage}); when the budget is spent it stops
 * sending at once.
 *
 * <p>What is measured: a progress row every second; latencies (HdrHistogram, µs) of what completed after the
 * warm-up (answers that arrive while draining included, so a slow server is not flattered); rates over the
 * whole seconds between the warm-up and the end of the sending phase.
 */
public final class LoadRun implements SessionEvents {

    /** Phases in order; each is entered once. */
    public enum Phase { READY, SENDING, DRAINING, CLOSING, DONE }

    private static final long SECOND = 1_000_000_000L;
    private static final long PENDING_RETRY = 5_000_000L; // opening waits this long for a free handshake place
    private static final int MAX_REASONS = 20;

    private final RunSettings settings;
    private final Workload workload;
    private final Transport transport;
    private final Scheduler scheduler;
    private final ServerProbe probe;
    private final ProgressSink progress;

    private final Counters counters = new Counters();
    private final Recorder latency = new Recorder(3);
    private final Histogram measured = new Histogram(3);
    private final AtomicLong budget;
    private final Map<String, LongAdder> reasons = new ConcurrentHashMap<>();
    private final Session[] sessions;
    private final int toOpen;
    private final AtomicInteger ended = new AtomicInteger();
    private final CountDownLatch done = new CountDownLatch(1);
    private final long durationSeconds;
    private final long warmupSeconds;
    private volatile int attempts; // written on the timer thread only

    private volatile Phase phase = Phase.READY;
    // timer thread only
    private long startNanos;
    private long startEpochMillis;
    private long endEpochMillis;
    private long tick;
    private Counters.Snapshot previous;
    private Histogram interval;
    private long windowCompleted;
    private long windowSent;
    private long windowErrors;
    private long windowSeconds;

    public LoadRun(RunSettings settings, Workload workload, Transport transport, Scheduler scheduler,
                   ServerProbe probe, ProgressSink progress) {
        this.settings = settings;
        this.durationSeconds = ceilSeconds(settings.duration());
        this.warmupSeconds = ceilSeconds(settings.warmup());
        this.budget = new AtomicLong(settings.maxMessages());
        this.workload = workload;
        this.toOpen = Math.min(workload.connections(), settings.maxConnections());
        this.sessions = new Session[toOpen];
        this.transport = transport;
        this.scheduler = scheduler;
        this.probe = probe;
        this.progress = progress;
    }

    private static long ceilSeconds(Duration duration) {
        return (duration.toNanos() + SECOND - 1) / SECOND;
    }

    // ---- the run

    /** Starts opening connections and the timers; returns at once. Call once. */
    public void start() {
        startNanos = scheduler.nanoTime();
        startEpochMillis = scheduler.epochMillis();
        previous = counters.snapshot();
        phase = Phase.SENDING;
        workload.start(this);
        scheduler.schedule(0, this::openDue);
        scheduler.schedule(SECOND, this::second);
        scheduler.schedule(durationSeconds * SECOND, this::stopSending);
        scheduler.schedule((durationSeconds * SECOND) + settings.drain().toNanos() + RunSettings.CLOSE_WAIT.toNanos(),
                this::finish); // the hard bound, whatever happens
    }

    /** Waits for the end of the run; false when {@code timeout} passed first. */
    public boolean awaitEnd(Duration timeout) throws InterruptedException {
        return done.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** The longest a run of these settings can take: the bound {@link #awaitEnd} should be given, plus a margin. */
    public Duration bound() {
        return Duration.ofSeconds(durationSeconds).plus(settings.drain()).plus(RunSettings.CLOSE_WAIT);
    }

    public Phase phase() {
        return phase;
    }

    /** Opens the connections due by now, as far as the handshakes in flight allow; then waits for the next. */
    private void openDue() {
        if (phase != Phase.SENDING) {
            return;
        }
        long now = scheduler.nanoTime();
        long elapsed = now - startNanos;
        long due = Math.min(toOpen, (long) Math.floor(elapsed * settings.connectRate() / SECOND) + 1);
        while (attempts < due && counters.snapshot().pending() < settings.maxPending()) {
            open(attempts++);
        }
        if (attempts < toOpen) {
            long next = attempts < due ? PENDING_RETRY
                    : startNanos + (long) Math.ceil(attempts * SECOND / settings.connectRate()) - now;
            scheduler.schedule(next, this::openDue);
        }
    }

    private void open(int index) {
        Session session = settings.dialect().newSession(index, this, scheduler::nanoTime);
        sessions[index] = session;
        counters.attempted.increment();
        try {
            transport.open(settings.target(), settings.source(index), settings.connectTimeout(), session);
        } catch (RuntimeException e) { // the transport refused at once (an address it cannot bind, a bad URL)
            session.closed(1006, "could not open: " + e.getMessage());
        }
    }

    private void stopSending() {
        if (phase != Phase.SENDING) {
            return;
        }
        phase = Phase.DRAINING;
        endEpochMillis = scheduler.epochMillis();
        workload.stopSending();
        awaitDrain(scheduler.nanoTime() + settings.drain().toNanos());
    }

    /** Closes once nothing awaits an answer, or at {@code deadline}. */
    private void awaitDrain(long deadline) {
        if (phase != Phase.DRAINING) {
            return;
        }
        if (awaiting() == 0 || scheduler.nanoTime() >= deadline) {
            closeAll();
        } else {
            scheduler.schedule(Math.min(100_000_000L, deadline - scheduler.nanoTime()), () -> awaitDrain(deadline));
        }
    }

    private long awaiting() {
        long sum = workload.awaiting();
        for (int i = 0; i < attempts; i++) {
            sum += sessions[i].awaiting();
        }
        return sum;
    }

    private void closeAll() {
        if (phase.compareTo(Phase.CLOSING) >= 0) {
            return;
        }
        phase = Phase.CLOSING;
        for (int i = 0; i < attempts; i++) {
            sessions[i].close();
        }
        if (ended.get() == attempts) {
            scheduler.schedule(0, this::finish);
        } else {
            scheduler.schedule(RunSettings.CLOSE_WAIT.toNanos(), this::finish);
        }
    }

    private void finish() {
        if (phase == Phase.DONE) {
            return;
        }
        if (phase == Phase.SENDING) {
            endEpochMillis = scheduler.epochMillis();
        }
        phase = Phase.DONE;
        for (int i = 0; i < attempts; i++) {
            if (sessions[i].isReady()) { // never answered our close: drop it
                sessions[i].closed(1006, "no close handshake at the end of the run");
            }
        }
        second();
        done.countDown();
    }

    /** The progress row of the second that just ended (and the last, partial one from {@link #finish}). */
    private void second() {
        if (phase == Phase.DONE && done.getCount() == 0) {
            return;
        }
        long number = ++tick;
        Counters.Snapshot now = counters.snapshot();
        interval = latency.getIntervalHistogram(interval);
        boolean measuring = number > warmupSeconds;
        if (measuring) {
            measured.add(interval);
        }
        boolean inWindow = measuring && number <= durationSeconds;
        if (inWindow) {
            windowCompleted += now.completed() - previous.completed();
            windowSent += now.sent() - previous.sent();
            windowErrors += now.errors() - previous.errors();
            windowSeconds++;
        }
        ServerProbe.Sample server = probe.sample();
        boolean any = interval.getTotalCount() > 0;
        progress.second(new ProgressRow(number, phase.name().toLowerCase(), now.open(), now.pending(), now.failed(),
                now.dropped(), now.sent() - previous.sent(), now.completed() - previous.completed(),
                now.errors() - previous.errors(),
                any ? millis(interval.getValueAtPercentile(50)) : Double.NaN,
                any ? millis(interval.getValueAtPercentile(99)) : Double.NaN,
                any ? millis(interval.getMaxValue()) : Double.NaN,
                server.cpuPercent(), server.rssBytes()));
        previous = now;
        if (phase != Phase.DONE) {
            scheduler.schedule(startNanos + (number + 1) * SECOND - scheduler.nanoTime(), this::second);
        }
    }

    private static double millis(long micros) {
        return micros / 1000.0;
    }

    // ---- for workloads

    public Scheduler scheduler() {
        return scheduler;
    }

    public RunSettings settings() {
        return settings;
    }

    /** Nanoseconds since {@link #start}. */
    public long elapsedNanos() {
        return scheduler.nanoTime() - startNanos;
    }

    /** True while the workload may send. */
    public boolean sending() {
        return phase == Phase.SENDING;
    }

    /**
     * Takes one message from the run's budget ({@code maxMessages}); false when it is spent (the run then stops
     * sending) or the sending phase is over. A workload calls it before every message it sends.
     */
    public boolean takeMessage() {
        if (phase != Phase.SENDING) {
            return false;
        }
        if (budget.getAndDecrement() <= 0) {
            budget.incrementAndGet();
            progress.note("the message budget (--max-messages " + settings.maxMessages() + ") is spent: sending stops");
            scheduler.schedule(0, this::stopSending);
            return false;
        }
        counters.sent.increment();
        return true;
    }

    /** Gives back a message {@link #takeMessage} took that could not be sent after all. */
    public void untakeMessage() {
        budget.incrementAndGet();
        counters.sent.decrement();
    }

    /** One message completed (answered, delivered, verified) after {@code nanos}: counted and recorded. */
    public void completed(long nanos) {
        counters.completed.increment();
        latency.recordValue(Math.max(0, nanos / 1000));
    }

    /** One call was answered with an error (or given up). */
    public void error(String name) {
        counters.errors.increment();
        reason("error " + name);
    }

    /** Ends the sending phase now (the workload has nothing more to send). */
    public void stopEarly() {
        scheduler.schedule(0, this::stopSending);
    }

    // ---- SessionEvents

    @Override
    public void ready(Session session) {
        counters.opened.increment();
        if (phase.compareTo(Phase.CLOSING) >= 0) {
            session.close();
        } else {
            workload.ready(session);
        }
    }

    @Override
    public void delivered(Session session, String channel, JsonValue data) {
        workload.delivered(session, channel, data);
    }

    @Override
    public void event(Session session, String event, JsonValue data) {
        workload.event(session, event, data);
    }

    @Override
    public void ended(Session session, int code, String reason) {
        if (!session.wasReady()) {
            counters.failed.increment();
            reason("failed " + code + " " + reason);
        } else if (phase.compareTo(Phase.CLOSING) >= 0) {
            counters.closedAtEnd.increment();
        } else {
            counters.dropped.increment();
            reason("dropped " + code + " " + reason);
        }
        counters.unanswered.add(session.unanswered());
        workload.ended(session);
        if (ended.incrementAndGet() == attempts && phase == Phase.CLOSING) {
            scheduler.schedule(0, this::finish);
        }
    }

    private void reason(String text) {
        String key = text.length() > 160 ? text.substring(0, 160) + "…" : text;
        LongAdder count = reasons.get(key);
        if (count == null) {
            if (reasons.isEmpty()) {
                progress.note("first problem: " + key);
            }
            count = reasons.size() < MAX_REASONS ? reasons.computeIfAbsent(key, k -> new LongAdder())
                    : reasons.computeIfAbsent("(other reasons)", k -> new LongAdder());
        }
        count.increment();
    }

    // ---- the report

    /** Every figure of the run, once it is over (after {@link #awaitEnd} returned true). */
    public Figures report() {
        Counters.Snapshot end = counters.snapshot();
        Figures f = new Figures();
        f.put("workload", workload.name())
                .put("dialect", settings.dialect().cliName())
                .put("target", settings.target().toString())
                .put("startedAt", Instant.ofEpochMilli(startEpochMillis).toString())
                .put("durationSeconds", durationSeconds)
                .put("warmupSeconds", warmupSeconds)
                .put("measuredSeconds", windowSeconds)
                .put("connections.target", toOpen)
                .put("connections.attempted", end.attempted())
                .put("connections.ok", end.opened())
                .put("connections.failed", end.failed())
                .put("connections.dropped", end.dropped())
                .put("connections.closedAtEnd", end.closedAtEnd())
                .put("messages.sent", end.sent())
                .put("messages.completed", end.completed())
                .put("messages.errors", end.errors())
                .put("messages.unanswered", end.unanswered())
                .put("messages.sentPerSec", perSecond(windowSent))
                .put("messages.perSec", perSecond(windowCompleted))
                .put("messages.errorsPerSec", perSecond(windowErrors))
                .put("latency.of", workload.latencyOf())
                .put("latency.count", measured.getTotalCount());
        boolean any = measured.getTotalCount() > 0;
        f.put("latency.p50Ms", any ? millis(measured.getValueAtPercentile(50)) : Double.NaN)
                .put("latency.p95Ms", any ? millis(measured.getValueAtPercentile(95)) : Double.NaN)
                .put("latency.p99Ms", any ? millis(measured.getValueAtPercentile(99)) : Double.NaN)
                .put("latency.maxMs", any ? millis(measured.getMaxValue()) : Double.NaN)
                .put("latency.meanMs", any ? measured.getMean() / 1000.0 : Double.NaN);
        workload.report(f);
        probe.report(f, startEpochMillis + warmupSeconds * 1000, endEpochMillis);
        return f;
    }

    /** Why connections failed or dropped and calls failed, with counts (at most 20 distinct reasons). */
    public Map<String, Long> problems() {
        Map<String, Long> counts = new TreeMap<>();
        reasons.forEach((reason, count) -> counts.put(reason, count.sum()));
        return counts;
    }

    private double perSecond(long count) {
        return windowSeconds > 0 ? (double) count / windowSeconds : Double.NaN;
    }

    /** The counters (for tests and the command's exit status). */
    public Counters.Snapshot counts() {
        return counters.snapshot();
    }

    /** Where the run connects. */
    public URI target() {
        return settings.target();
    }
}

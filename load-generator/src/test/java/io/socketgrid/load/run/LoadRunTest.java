package io.socketgrid.load.run;

import io.socketgrid.load.dialect.Dialect;
import io.socketgrid.load.report.Figures;
import io.socketgrid.load.report.ProgressRow;
import io.socketgrid.load.report.ProgressSink;
import io.socketgrid.load.report.ServerProbe;
import io.socketgrid.load.workload.FanoutWorkload;
import io.socketgrid.load.workload.FloodWorkload;
import io.socketgrid.load.workload.ThesisWorkload;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The run and the workloads' schedules on a hand-driven clock against a fake SocketCluster server. */
class LoadRunTest implements ProgressSink {

    private static final long MS = 1_000_000L;

    private final ManualScheduler clock = new ManualScheduler();
    private final FakeServer server = new FakeServer(clock, Duration.ofMillis(1));
    private final List<ProgressRow> rows = new ArrayList<>();
    private final StringBuilder notes = new StringBuilder();

    private LoadRun run(Workload workload, double rate, int durationSeconds, long maxMessages, List<InetAddress> sources) {
        return run(workload, rate, durationSeconds, maxMessages, sources, Duration.ofSeconds(1));
    }

    private LoadRun run(Workload workload, double rate, int durationSeconds, long maxMessages, List<InetAddress> sources,
                        Duration drain) {
        RunSettings settings = new RunSettings(URI.create("ws://127.0.0.1:1/socketcluster/"), Dialect.SOCKETCLUSTER, sources,
                Duration.ofSeconds(durationSeconds), Duration.ZERO, drain, 20_000, maxMessages, rate, 1000,
                Duration.ofSeconds(5));
        LoadRun run = new LoadRun(settings, workload, server, clock, ServerProbe.NONE, this);
        run.start();
        return run;
    }

    private static void finishes(LoadRun run) {
        assertEquals(LoadRun.Phase.DONE, run.phase(), "the run ended within its bound");
    }

    @Test
    void thesisOpensConnectionsAtTheRateUpToN() {
        LoadRun run = run(new ThesisWorkload(50, Duration.ofSeconds(5), ThesisWorkload.Intervals.FRESH, 1), 20, 10, 1_000_000, List.of());
        clock.advanceMillis(999);
        assertEquals(20, run.counts().attempted(), "connection k opens at k/20 s: 0 … 0.95 s");
        clock.advanceMillis(1);
        assertEquals(21, run.counts().attempted());
        clock.advanceMillis(5_000);
        assertEquals(50, run.counts().attempted(), "no more than N");
        assertEquals(50, run.counts().opened());
        clock.advanceMillis(20_000);
        finishes(run);
        assertEquals(50, run.counts().attempted());
        assertEquals(50, run.counts().closedAtEnd());
    }

    @Test
    void thesisFileVariantAsksForTheFileAndChecksItsSize() {
        LoadRun run = run(new ThesisWorkload(5, Duration.ofMillis(200), ThesisWorkload.Intervals.FRESH, 1, 81), 100, 3, 1_000_000, List.of());
        clock.advanceMillis(10_000);
        finishes(run);
        assertTrue(server.connections.get(0).received.stream()
                .anyMatch(frame -> frame.contains("\"event\":\"ping.file\"") && frame.contains("\"size\":81")),
                "ping.file with the size: " + server.connections.get(0).received);
        assertTrue(run.counts().completed() > 10, "answers with 81 bytes count as completed");
        assertEquals(server.pings, run.counts().completed());
        assertEquals(0, run.counts().errors());
    }

    @Test
    void thesisFileVariantCountsAWrongSizeAsAnError() {
        server.fileSizeError = 1;
        LoadRun run = run(new ThesisWorkload(5, Duration.ofMillis(200), ThesisWorkload.Intervals.FRESH, 1, 81), 100, 3, 1_000_000, List.of());
        clock.advanceMillis(10_000);
        finishes(run);
        assertEquals(0, run.counts().completed(), "82 bytes are not the 81 asked for");
        assertEquals(server.pings, run.counts().errors());
        assertEquals(server.pings, run.problems().get("error FileSizeMismatch"));
    }

    @Test
    void thesisFixedIntervalsAreOnePerConnectionBelowP() {
        LoadRun run = run(new ThesisWorkload(10, Duration.ofMillis(100), ThesisWorkload.Intervals.FIXED, 7), 1000, 3, 1_000_000, List.of());
        clock.advanceMillis(10_000);
        finishes(run);
        for (FakeServer.Connection connection : server.connections) {
            List<Long> times = connection.pingTimes;
            assertTrue(times.size() >= 25, "at least 3 s / 100 ms pings, less the opening: " + times.size());
            long interval = times.get(1) - times.get(0);
            assertTrue(interval >= MS && interval <= 100 * MS, "interval " + interval);
            for (int i = 2; i < times.size(); i++) {
                assertEquals(interval, times.get(i) - times.get(i - 1), "the same interval every time on connection " + connection.index);
            }
        }
        assertEquals(server.pings, run.counts().completed());
        assertEquals(run.counts().sent(), run.counts().completed());
    }

    @Test
    void thesisFreshIntervalsAreUniformBelowPAndRepeatable() {
        LoadRun first = run(new ThesisWorkload(20, Duration.ofMillis(200), ThesisWorkload.Intervals.FRESH, 3), 1000, 5, 1_000_000, List.of());
        clock.advanceMillis(20_000);
        finishes(first);
        long total = 0;
        for (FakeServer.Connection connection : server.connections) {
            for (int i = 1; i < connection.pingTimes.size(); i++) {
                long interval = connection.pingTimes.get(i) - connection.pingTimes.get(i - 1);
                assertTrue(interval >= 0 && interval < 200 * MS, "interval " + interval);
            }
            total += connection.pingTimes.size();
        }
        // 20 connections × 5 s / 100 ms mean interval ≈ 1,000 pings
        assertTrue(total > 850 && total < 1150, "about N × duration / (P / 2) pings: " + total);

        ManualScheduler again = new ManualScheduler();
        FakeServer second = new FakeServer(again, Duration.ofMillis(1));
        RunSettings settings = new RunSettings(URI.create("ws://127.0.0.1:1/socketcluster/"), Dialect.SOCKETCLUSTER, List.of(),
                Duration.ofSeconds(5), Duration.ZERO, Duration.ofSeconds(1), 20_000, 1_000_000, 1000, 1000, Duration.ofSeconds(5));
        new LoadRun(settings, new ThesisWorkload(20, Duration.ofMillis(200), ThesisWorkload.Intervals.FRESH, 3), second, again,
                ServerProbe.NONE, this).start();
        again.advanceMillis(20_000);
        assertEquals(server.connections.get(7).pingTimes.size(), second.connections.get(7).pingTimes.size(),
                "the same seed gives every server the same schedule");
    }

    @Test
    void floodKeepsOnePingInFlightPerConnection() {
        LoadRun run = run(new FloodWorkload(3, 1), 1000, 1, 1_000_000, List.of());
        clock.advanceMillis(10_000);
        finishes(run);
        long completed = run.counts().completed();
        // a round trip takes 2 ms (1 ms each way): ≈ 3 × 1 s / 2 ms, less the opening
        assertTrue(completed > 1400 && completed <= 1500, "closed loop: " + completed);
        assertEquals(run.counts().sent(), completed, "every ping answered before the next");
        Figures report = run.report();
        assertEquals(2.0, report.get("latency.p50Ms"));
        assertEquals(2.0, report.get("latency.maxMs"));
    }

    @Test
    void theMessageBudgetStopsSendingEarly() {
        LoadRun run = run(new FloodWorkload(4, 2), 1000, 30, 100, List.of());
        clock.advanceMillis(2_000);
        finishes(run);
        assertEquals(100, run.counts().sent());
        assertEquals(100, run.counts().completed());
        assertTrue(notes.toString().contains("--max-messages 100"), notes.toString());
    }

    @Test
    void aStalledServerCannotStretchTheRun() {
        server.answerPings = false;
        LoadRun run = run(new FloodWorkload(5, 1), 1000, 2, 1_000_000, List.of());
        clock.advanceMillis(2_000 + 1_000 + 5_000); // duration + drain + close wait
        finishes(run);
        assertEquals(5, run.counts().sent());
        assertEquals(0, run.counts().completed());
        assertEquals(5, run.counts().unanswered(), "each connection's one ping, unanswered at the end");
    }

    @Test
    void failuresDropsAndClosesAreCountedApart() {
        server.refuseFrom = 3;
        LoadRun run = run(new ThesisWorkload(5, Duration.ofMillis(100), ThesisWorkload.Intervals.FRESH, 1), 1000, 3, 1_000_000, List.of());
        clock.advanceMillis(1_000);
        server.drop(0);
        clock.advanceMillis(10_000);
        finishes(run);
        var counts = run.counts();
        assertEquals("attempted 5, ok 3, failed 2, dropped 1, closed at the end 2",
                String.format("attempted %d, ok %d, failed %d, dropped %d, closed at the end %d",
                        counts.attempted(), counts.opened(), counts.failed(), counts.dropped(), counts.closedAtEnd()));
        assertTrue(run.problems().keySet().stream().anyMatch(r -> r.contains("HandshakeRefused")), run.problems().toString());
        assertTrue(run.problems().keySet().stream().anyMatch(r -> r.startsWith("dropped 1006")), run.problems().toString());
    }

    @Test
    void sourceAddressesAreUsedRoundRobin() throws Exception {
        InetAddress a = InetAddress.getByName("127.0.0.2");
        InetAddress b = InetAddress.getByName("127.0.0.3");
        InetAddress c = InetAddress.getByName("127.0.0.4");
        run(new FloodWorkload(5, 1), 1000, 1, 10, List.of(a, b, c));
        clock.advanceMillis(10_000);
        assertEquals(List.of(a, b, c, a, b), server.sources);
    }

    @Test
    void aProgressRowEverySecond() {
        LoadRun run = run(new FloodWorkload(2, 1), 1000, 3, 1_000_000, List.of());
        clock.advanceMillis(10_000);
        finishes(run);
        assertEquals(List.of(1L, 2L, 3L), rows.stream().limit(3).map(ProgressRow::second).toList());
        assertEquals("sending", rows.get(0).phase());
        assertEquals(2, rows.get(1).open());
        assertTrue(rows.get(1).completedPerSec() > 900, "2 connections × 500 round trips a second: " + rows.get(1));
        assertEquals("done", rows.get(rows.size() - 1).phase());
    }

    @Test
    void fanoutCountsMissingAndDuplicateDeliveries() {
        server.deliver = (subscriber, seq) -> !(subscriber == 2 && seq == 5);
        server.repeat = (subscriber, seq) -> subscriber == 1 && seq == 7;
        LoadRun run = run(new FanoutWorkload(3, 100, "news"), 1000, 2, 1_000_000, List.of());
        clock.advanceMillis(10_000);
        finishes(run);
        Figures report = run.report();
        long published = (Long) report.get("fanout.published");
        assertTrue(published > 180 && published <= 200, "≈ 100/s for 2 s less the opening: " + published);
        assertEquals(3L, report.get("fanout.subscribed"));
        assertEquals(1L, report.get("fanout.missing"));
        assertEquals(1L, report.get("fanout.duplicates"));
        assertEquals(published * 3 - 1, report.get("fanout.delivered"));
        assertEquals(2.0, report.get("latency.p50Ms"), "publish → server → subscriber: 1 ms + 1 ms");
    }

    @Test
    void fanoutDrainsUntilABackloggedServerDelivered() {
        server.deliveryDelay = Duration.ofMillis(1500);
        LoadRun run = run(new FanoutWorkload(2, 50, "news"), 1000, 2, 1_000_000, List.of(), Duration.ofSeconds(3));
        clock.advanceMillis(2_000);
        assertEquals(LoadRun.Phase.DRAINING, run.phase(), "publishes are answered, deliveries still on their way");
        clock.advanceMillis(20_000);
        finishes(run);
        Figures report = run.report();
        assertEquals(0L, report.get("fanout.missing"));
        assertEquals((Long) report.get("fanout.published") * 2, report.get("fanout.delivered"));
    }

    @Test
    void fanoutCountsWhatTheDrainDidNotWaitFor() {
        server.deliveryDelay = Duration.ofMillis(1500);
        LoadRun run = run(new FanoutWorkload(2, 50, "news"), 1000, 2, 1_000_000, List.of(), Duration.ofMillis(500));
        clock.advanceMillis(20_000);
        finishes(run);
        long missing = (Long) run.report().get("fanout.missing");
        assertTrue(missing > 0, "the last second of deliveries came after the close: " + missing);
    }

    /** The run's progress rows and notes come to the test itself. */
    @Override
    public void second(ProgressRow row) {
        rows.add(row);
    }

    @Override
    public void note(String message) {
        notes.append(message).append('\n');
    }
}

package io.socketgrid.jakarta;

import io.socketgrid.monitoring.LatencySummary;
import io.socketgrid.monitoring.MetricsSample;
import io.socketgrid.monitoring.NodeCounters;
import io.socketgrid.monitoring.PrometheusCounters;
import org.eclipse.microprofile.metrics.Tag;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MicroProfileMetricsExportTest {

    private final FakeMetricRegistry fake = new FakeMetricRegistry();
    private final MicroProfileMetricsExport export = new MicroProfileMetricsExport(fake.registry);

    private static NodeCounters totals(long messagesIn, Map<String, Long> closeCodes) {
        return new NodeCounters(2, 5, 3, 5, messagesIn, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, closeCodes, 0, 0,
                LatencySummary.NONE);
    }

    private static MetricsSample sample(int connections, Map<String, Double> threadCpu) {
        return new MetricsSample(1000, connections, 0, 0, 0, Map.of(), 0, 0, 0, 0, 0, 0, 0, LatencySummary.NONE, 0,
                0, 0, 0, 50, threadCpu, List.of(), 1, 0, 0);
    }

    @Test
    void countersFollowTheTotalsOfEachSample() {
        export.sampled(totals(120, Map.of("1000", 3L)), sample(2, Map.of()));
        assertEquals(120, fake.count("socketgrid_messages_in_total"), "a counter starts at the total so far");
        export.sampled(totals(170, Map.of("1000", 3L, "4001", 1L)), sample(2, Map.of()));
        assertEquals(170, fake.count("socketgrid_messages_in_total"));
        assertEquals(3, fake.count("socketgrid_connections_closed_total", new Tag("code", "1000")));
        assertEquals(1, fake.count("socketgrid_connections_closed_total", new Tag("code", "4001")),
                "a close code is registered when it first occurs");
        assertEquals(PrometheusCounters.MESSAGES_IN.help(), fake.help.get("socketgrid_messages_in_total"));
    }

    @Test
    void gaugesReadTheLastSampleAndAThreadGroupGoneReadsZero() {
        export.sampled(totals(0, Map.of()), sample(2, Map.of("GC", 4.0, "JIT", 9.0)));
        export.sampled(totals(0, Map.of()), sample(7, Map.of("GC", 1.0)));
        assertEquals(7, fake.level("socketgrid_connections"));
        assertEquals(1.0, fake.level("socketgrid_thread_cpu_percent", new Tag("pool", "GC")));
        assertEquals(0.0, fake.level("socketgrid_thread_cpu_percent", new Tag("pool", "JIT")));
        assertTrue(Double.isNaN(fake.level("socketgrid_invoke_latency_seconds", new Tag("quantile", "0.99"))));
        assertEquals(6 + 3 + 2, fake.gauges.size(), "6 untagged gauges, 3 latency quantiles, 2 thread groups");
    }

    @Test
    void whenTheCountersOfASampleMoveItsGaugesAreAlreadyThere() {
        export.sampled(totals(10, Map.of()), sample(2, Map.of()));
        List<Double> connectionsSeen = new ArrayList<>();
        fake.beforeCounterMoves = () -> connectionsSeen.add(fake.level("socketgrid_connections"));
        export.sampled(totals(30, Map.of()), sample(7, Map.of()));
        assertEquals(List.of(7.0), connectionsSeen, "a scrape that sees messages_in at 30 sees 7 connections");
    }

    @Test
    void closeRemovesEveryMetricAndLaterSamplesAreIgnored() {
        export.sampled(totals(10, Map.of("1000", 1L)), sample(1, Map.of("GC", 1.0)));
        assertEquals(12 + 1, fake.counters.size(), "12 untagged counters and 1 close code");
        export.close();
        export.sampled(totals(20, Map.of("4001", 1L)), sample(1, Map.of("JIT", 1.0)));
        assertEquals(Map.of(), fake.counters);
        assertEquals(Map.of(), fake.gauges);
    }
}

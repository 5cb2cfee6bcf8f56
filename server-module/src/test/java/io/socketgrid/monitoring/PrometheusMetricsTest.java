package io.socketgrid.monitoring;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The names, tags and values SocketGrid gives Prometheus (docs/MONITORING.md, "Prometheus"). */
class PrometheusMetricsTest {

    /** Prometheus' metric and label name syntax; {@code __} prefixes are reserved, {@code mp_} tags are MP Metrics'. */
    private static final String NAME = "[a-zA-Z_:][a-zA-Z0-9_:]*";
    private static final String TAG = "[a-zA-Z_][a-zA-Z0-9_]*";

    private static final NodeCounters TOTALS = new NodeCounters(3, 40, 37, 39, 1000, 2000, 50_000, 90_000, 700, 800,
            11, 22, 33, 4096, 8192, 2, Map.of("1000", 30L, "4100", 2L, "4001", 5L), 300, 200,
            new LatencySummary(7, 10, 20, 30, 40));

    private static MetricsSample sample(LatencySummary invokes, double processCpu) {
        return new MetricsSample(1000, 3, 1, 1, 1, Map.of(), 10, 20, 100, 200, 1, 2, 7, invokes, 0, 300, 200, 0,
                processCpu, Map.of("GRIZZLY_WORKERS", 12.5, "GC", 1.5), List.of(), 64_000_000, 0, 0);
    }

    private static List<PrometheusMetric<?>> all() {
        List<PrometheusMetric<?>> all = new ArrayList<>(PrometheusCounters.ALL);
        all.addAll(PrometheusGauges.ALL);
        return all;
    }

    @Test
    void everyNameIsUnderSocketgridValidAndUnique() {
        HashSet<String> names = new HashSet<>();
        for (PrometheusMetric<?> metric : all()) {
            assertTrue(metric.prometheusName().matches("socketgrid_" + NAME), metric.prometheusName());
            assertTrue(names.add(metric.prometheusName()), "twice: " + metric.prometheusName());
            assertFalse(metric.help().isBlank(), metric.prometheusName());
            if (metric.tag() != null) {
                assertTrue(metric.tag().matches(TAG) && !metric.tag().startsWith("mp_"), metric.tag());
            }
        }
        assertEquals(21, names.size());
    }

    @Test
    void countersEndInTotalAndGaugesDoNot() {
        PrometheusCounters.ALL.forEach(counter -> assertTrue(counter.prometheusName().endsWith("_total"), counter.prometheusName()));
        PrometheusGauges.ALL.forEach(gauge -> assertFalse(gauge.prometheusName().endsWith("_total"), gauge.prometheusName()));
    }

    @Test
    void countersAreTheNodesTotals() {
        Map<PrometheusSeries, Number> series = PrometheusCounters.read(TOTALS);
        assertEquals(1000L, series.get(PrometheusSeries.of(PrometheusCounters.MESSAGES_IN)));
        assertEquals(2000L, series.get(PrometheusSeries.of(PrometheusCounters.MESSAGES_OUT)));
        assertEquals(40L, series.get(PrometheusSeries.of(PrometheusCounters.CONNECTIONS_OPENED)));
        assertEquals(39L, series.get(PrometheusSeries.of(PrometheusCounters.HANDSHAKES)));
        assertEquals(50_700L, series.get(PrometheusSeries.of(PrometheusCounters.BYTES_IN)), "characters plus binary bytes");
        assertEquals(90_800L, series.get(PrometheusSeries.of(PrometheusCounters.BYTES_OUT)));
        assertEquals(11L, series.get(PrometheusSeries.of(PrometheusCounters.PUBLISHES)));
        assertEquals(22L, series.get(PrometheusSeries.of(PrometheusCounters.DELIVERIES)));
        assertEquals(33L, series.get(PrometheusSeries.of(PrometheusCounters.INVOKES)));
        assertEquals(4096L, series.get(PrometheusSeries.of(PrometheusCounters.FILE_BYTES_IN)));
        assertEquals(8192L, series.get(PrometheusSeries.of(PrometheusCounters.FILE_BYTES_OUT)));
        assertEquals(2L, series.get(PrometheusSeries.of(PrometheusCounters.SLOW_CONSUMERS_CUT)));
    }

    @Test
    void closedConnectionsHaveASeriesPerCloseCodeSeen() {
        Map<PrometheusSeries, Number> series = PrometheusCounters.read(TOTALS);
        assertEquals(30L, series.get(PrometheusSeries.of(PrometheusCounters.CONNECTIONS_CLOSED, "1000")));
        assertEquals(5L, series.get(PrometheusSeries.of(PrometheusCounters.CONNECTIONS_CLOSED, "4001")));
        assertEquals(2L, series.get(PrometheusSeries.of(PrometheusCounters.CONNECTIONS_CLOSED, "4100")));
        assertEquals(Map.of("code", "4001"), PrometheusSeries.of(PrometheusCounters.CONNECTIONS_CLOSED, "4001").tags());
        assertEquals(12 + 3, series.size(), "12 untagged counters and 3 close codes");
    }

    @Test
    void gaugesAreTheLastSamplesLevels() {
        Map<PrometheusSeries, Number> series = PrometheusGauges.read(sample(new LatencySummary(7, 1500, 2000, 30_000, 45_000), 87.5));
        assertEquals(3.0, series.get(PrometheusSeries.of(PrometheusGauges.CONNECTIONS)).doubleValue());
        assertEquals(300.0, series.get(PrometheusSeries.of(PrometheusGauges.SEND_QUEUE_BYTES)).doubleValue());
        assertEquals(200.0, series.get(PrometheusSeries.of(PrometheusGauges.SEND_QUEUE_MAX_BYTES)).doubleValue());
        assertEquals(64_000_000.0, series.get(PrometheusSeries.of(PrometheusGauges.HEAP_USED_BYTES)).doubleValue());
        assertEquals(87.5, series.get(PrometheusSeries.of(PrometheusGauges.PROCESS_CPU_PERCENT)).doubleValue());
        assertEquals(12.5, series.get(PrometheusSeries.of(PrometheusGauges.THREAD_CPU_PERCENT, "GRIZZLY_WORKERS")).doubleValue());
        assertEquals(1.5, series.get(PrometheusSeries.of(PrometheusGauges.THREAD_CPU_PERCENT, "GC")).doubleValue());
    }

    @Test
    void invokeLatencyIsInSecondsByQuantile() {
        Map<PrometheusSeries, Number> series = PrometheusGauges.read(sample(new LatencySummary(7, 1500, 2000, 30_000, 45_000), 1));
        assertEquals(0.0015, series.get(PrometheusSeries.of(PrometheusGauges.INVOKE_LATENCY_SECONDS, "0.5")).doubleValue());
        assertEquals(0.002, series.get(PrometheusSeries.of(PrometheusGauges.INVOKE_LATENCY_SECONDS, "0.9")).doubleValue());
        assertEquals(0.03, series.get(PrometheusSeries.of(PrometheusGauges.INVOKE_LATENCY_SECONDS, "0.99")).doubleValue());
        assertEquals(0.045, series.get(PrometheusSeries.of(PrometheusGauges.INVOKE_LATENCY_MAX_SECONDS)).doubleValue());
    }

    @Test
    void unknownFiguresAreNaNNotZero() {
        Map<PrometheusSeries, Number> series = PrometheusGauges.read(sample(LatencySummary.NONE, -1));
        assertTrue(Double.isNaN(series.get(PrometheusSeries.of(PrometheusGauges.PROCESS_CPU_PERCENT)).doubleValue()),
                "the sampler's -1 means the JVM reports no process CPU");
        assertTrue(Double.isNaN(series.get(PrometheusSeries.of(PrometheusGauges.INVOKE_LATENCY_SECONDS, "0.99")).doubleValue()),
                "no invoke in the second: no latency, rather than a latency of 0");
        assertTrue(Double.isNaN(series.get(PrometheusSeries.of(PrometheusGauges.INVOKE_LATENCY_MAX_SECONDS)).doubleValue()));
    }
}

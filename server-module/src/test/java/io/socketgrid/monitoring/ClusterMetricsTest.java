package io.socketgrid.monitoring;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static io.socketgrid.monitoring.Samples.update;
import static org.junit.jupiter.api.Assertions.assertEquals;

class ClusterMetricsTest {

    private final AtomicLong now = new AtomicLong(100_000);
    private final ClusterMetrics view = new ClusterMetrics(3, Duration.ofSeconds(3), Duration.ofSeconds(60), now::get);

    private static List<Long> times(ClusterMetrics.NodeSeries node) {
        return node.samples().stream().map(MetricsSample::at).toList();
    }

    @Test
    void eachNodeKeepsItsLastSamplesInTimeOrderWhateverTheArrivalOrder() {
        for (long at : new long[] {96_000, 94_000, 97_000, 95_000, 97_000, 93_000}) {
            view.accept(update("b", at));
        }
        view.accept(update("a", 99_000));
        List<ClusterMetrics.NodeSeries> nodes = view.nodes(0);
        assertEquals(List.of("a", "b"), nodes.stream().map(ClusterMetrics.NodeSeries::node).toList());
        assertEquals(List.of(95_000L, 96_000L, 97_000L), times(nodes.get(1)), "the newest three, once each");
        assertEquals(Map.of("news", 97), nodes.get(1).channels(), "channels of the newest update");
        assertEquals(List.of(96_000L, 97_000L), times(view.nodes(95_000).get(1)), "only those after since");
    }

    @Test
    void aNodeThatStopsSendingIsMarkedSilentThenDropped() {
        view.accept(update("a", 99_000));
        view.accept(update("b", 99_000));
        assertEquals(List.of("up", "up"), view.nodes(0).stream().map(ClusterMetrics.NodeSeries::status).toList());

        now.set(103_000);
        view.accept(update("a", 103_000));
        List<ClusterMetrics.NodeSeries> nodes = view.nodes(0);
        assertEquals("up", nodes.get(0).status());
        assertEquals("silent", nodes.get(1).status(), "4 s without a sample");
        assertEquals(Map.of("a", 2), sizes(view.byStatus().up()), "only nodes that are up are advised on");
        assertEquals(Map.of("b", 1), sizes(view.byStatus().silent()), "the silent one apart");

        now.set(159_001);
        view.accept(update("a", 159_000));
        assertEquals(List.of("a"), view.nodes(0).stream().map(ClusterMetrics.NodeSeries::node).toList(),
                "b silent for over 60 s");
    }

    @Test
    void anArchivedSampleOfANodeLongDeadIsNotShown() {
        view.accept(update("gone", 30_000));
        assertEquals(List.of(), view.nodes(0));
    }

    private static Map<String, Integer> sizes(Map<String, List<MetricsSample>> series) {
        return Map.copyOf(series.entrySet().stream()
                .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, e -> e.getValue().size())));
    }
}

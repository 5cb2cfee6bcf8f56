package io.socketgrid.jakarta;

import io.socketgrid.monitoring.LatencySummary;
import io.socketgrid.monitoring.MetricsSample;
import io.socketgrid.monitoring.ScalingAdvice;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The documents PeerSamples reads back and the script reads, through JSON-B as the servlets write them. */
class MetricsReportJsonTest {

    @Test
    void aNodesMetricsDocumentReadsBackAsItsSamples() throws Exception {
        MetricsSample sample = new MetricsSample(1_764_176_400_000L, 12, 1, 1, 0.5, Map.of("1000", 2L), 30, 31, 900,
                950, 3, 4, 5, new LatencySummary(5, 100, 200, 300, 400), 0, 64, 32, 0, 42.5,
                Map.of("GC", 1.5, "SOCKETGRID", 3.0), 1 << 20, 1, 4);
        try (Jsonb jsonb = JsonbBuilder.create()) {
            String json = jsonb.toJson(new MetricsServlet.MetricsReport("a1b2c3d4", 1, List.of(sample)));
            assertEquals(List.of(sample), jsonb.fromJson(json, MetricsServlet.MetricsReport.class).samples());
        }
    }

    @Test
    void theAdviceHasTheDocumentedFields() throws Exception {
        ScalingAdvice advice = new ScalingAdvice(1_764_176_400_000L, ScalingAdvice.Action.ADD, 2, 3, 81.5, 4200, "why");
        try (Jsonb jsonb = JsonbBuilder.create()) {
            String json = jsonb.toJson(advice);
            for (String field : List.of("\"at\":1764176400000", "\"action\":\"ADD\"", "\"nodes\":2", "\"desiredNodes\":3",
                    "\"cpuPercentPerNode\":81.5", "\"connectionsPerNode\":4200", "\"reason\":\"why\"")) {
                assertTrue(json.contains(field), field + " in " + json);
            }
        }
    }
}

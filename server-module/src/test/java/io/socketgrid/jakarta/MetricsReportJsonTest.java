package io.socketgrid.jakarta;

import io.socketgrid.monitoring.ScalingAdvice;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The documents the page and the scripts read, through JSON-B as the servlets write them. */
class MetricsReportJsonTest {

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

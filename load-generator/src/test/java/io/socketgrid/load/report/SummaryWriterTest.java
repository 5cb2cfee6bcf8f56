package io.socketgrid.load.report;

import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SummaryWriterTest {

    private static Figures figures() {
        return new Figures().put("workload", "thesis")
                .put("connections.ok", 2400)
                .put("connections.failed", 0)
                .put("latency.p99Ms", 4.123456)
                .put("latency.maxMs", Double.NaN)
                .put("target", "ws://127.0.0.1:8080/socketcluster/?a=1,b=\"2\"")
                .put("idle.measured", true);
    }

    @Test
    void jsonGroupsByDotsAndWritesNaNAsNull() {
        JsonObject json = SummaryWriter.json(figures(), Map.of("dropped 1006 gone", 3L));
        assertEquals("thesis", json.getString("workload"));
        assertEquals(2400, json.getJsonObject("connections").getInt("ok"));
        assertEquals(4.123, json.getJsonObject("latency").getJsonNumber("p99Ms").doubleValue(), "rounded to 3 decimals");
        assertTrue(json.getJsonObject("latency").isNull("maxMs"));
        assertTrue(json.getJsonObject("idle").getBoolean("measured"));
        assertEquals(3, json.getJsonObject("problems").getInt("dropped 1006 gone"));
        assertTrue(SummaryWriter.jsonText(figures(), Map.of()).startsWith("{"));
    }

    @Test
    void csvIsAHeaderAndOneRowQuotedWhereNeeded() {
        String[] lines = SummaryWriter.csv(figures()).split("\n");
        assertEquals(2, lines.length);
        assertEquals("workload,connections.ok,connections.failed,latency.p99Ms,latency.maxMs,target,idle.measured", lines[0]);
        assertEquals("thesis,2400,0,4.123,,\"ws://127.0.0.1:8080/socketcluster/?a=1,b=\"\"2\"\"\",true", lines[1]);
    }

    @Test
    void timelineHasOneRowASecond(@TempDir Path dir) throws Exception {
        List<ProgressRow> rows = List.of(
                new ProgressRow(1, "sending", 10, 2, 0, 0, 100, 99, 0, 0.5, 1.25, 3, Double.NaN, -1),
                new ProgressRow(2, "draining", 12, 0, 1, 1, 0, 5, 1, Double.NaN, Double.NaN, Double.NaN, 55.5, 1 << 20));
        SummaryWriter.writeAll(dir.resolve("out"), figures(), Map.of(), rows);
        List<String> lines = Files.readAllLines(dir.resolve("out/timeline.csv"));
        assertEquals(3, lines.size());
        assertEquals("1,sending,10,2,0,0,100,99,0,0.5,1.25,3.0,,", lines.get(1));
        assertEquals("2,draining,12,0,1,1,0,5,1,,,,55.5,1048576", lines.get(2));
        assertTrue(Files.readString(dir.resolve("out/summary.json")).contains("\"connections\""));
        assertEquals(2, Files.readAllLines(dir.resolve("out/summary.csv")).size());
    }

    @Test
    void aFigureCannotBeBothAValueAndAGroup() {
        Figures clash = new Figures().put("a", 1).put("a.b", 2);
        assertThrows(IllegalArgumentException.class, () -> SummaryWriter.json(clash, Map.of()));
        assertThrows(IllegalArgumentException.class, () -> new Figures().put("a..b", 1));
    }

    @Test
    void theProgressLineSaysWhatMatters() {
        String line = ConsoleProgress.line("thesis socketgrid",
                new ProgressRow(12, "sending", 2400, 0, 1, 2, 980, 979, 0, 0.9, 4.1, 12, 45, 612L << 20));
        assertEquals("[thesis socketgrid] 12s sending | conns 2400 open, 0 pending, 1 failed, 2 dropped | sent 980/s, "
                + "done 979/s | ms p50 0.90 p99 4.10 max 12.00 | server cpu 45% rss 612 MB", line);
    }
}

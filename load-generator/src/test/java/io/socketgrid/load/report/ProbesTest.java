package io.socketgrid.load.report;

import jakarta.json.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProbesTest {

    private static final String STAT = "4242 (java (Payara) x) S 1 4242 4242 0 -1 4194560 123 0 0 0 1500 250 0 0 20 0 80 0 "
            + "12345 8000000000 100000 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 0 0 0 0 0 0";

    @Test
    void procStatAndStatusAreRead() {
        assertEquals(1750, ProcProbe.cpuTicks(STAT), "utime + stime, a command name with spaces and parentheses");
        assertEquals(524_288L * 1024, ProcProbe.rssBytes("Name:\tjava\nVmPeak:\t  900000 kB\nVmRSS:\t  524288 kB\nThreads:\t80\n"));
    }

    @Test
    void procProbeSamplesAProcessDirectory(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("stat"), STAT);
        Files.writeString(dir.resolve("status"), "VmRSS:\t1024 kB\n");
        ProcProbe probe = new ProcProbe(4242, dir);
        assertTrue(probe.readable());
        ServerProbe.Sample first = probe.sample();
        assertTrue(Double.isNaN(first.cpuPercent()), "no CPU figure before a second sample");
        assertEquals(1024 * 1024, first.rssBytes());
        Figures figures = new Figures();
        probe.report(figures, 0, Long.MAX_VALUE);
        assertEquals(4242L, figures.get("server.proc.pid"));
        assertEquals(1024L * 1024, figures.get("server.proc.rssPeakBytes"));
    }

    @Test
    void procProbeOfAMissingProcessSaysSo(@TempDir Path dir) {
        ProcProbe probe = new ProcProbe(1, dir.resolve("gone"));
        assertEquals(ServerProbe.Sample.NONE, probe.sample());
        Figures figures = new Figures();
        probe.report(figures, 0, 1);
        assertTrue(String.valueOf(figures.get("server.proc.problem")).startsWith("cannot read /proc/1"));
    }

    @Test
    void metricsDocumentIsSummedOverNodesWithinTheWindow() {
        String document = Json.createObjectBuilder().add("node", "a").add("intervalSeconds", 1)
                .add("nodes", Json.createArrayBuilder()
                        .add(node("a", new long[][] {{1000, 50, 100, 10}, {2000, 70, 300, 20}, {3000, 90, 200, 30}, {9000, 999, 999, 999}}))
                        .add(node("b", new long[][] {{2000, 20, 50, 5}})))
                .build().toString();
        Figures figures = new Figures();
        MetricsProbe.summarize(document, figures, 1000, 3000);
        assertEquals(2L, figures.get("server.metrics.nodes"));
        assertEquals(80.0 + 20.0, figures.get("server.metrics.cpuPercentMean"), "a's mean of 70 and 90, plus b's 20");
        assertEquals(300L + 50L, figures.get("server.metrics.heapUsedPeakBytes"));
        assertEquals(30L + 5L, figures.get("server.metrics.connectionsPeak"));
    }

    private static jakarta.json.JsonObjectBuilder node(String id, long[][] samples) {
        var array = Json.createArrayBuilder();
        for (long[] s : samples) {
            array.add(Json.createObjectBuilder().add("at", s[0]).add("processCpuPercent", s[1]).add("heapUsedBytes", s[2])
                    .add("connections", s[3]));
        }
        return Json.createObjectBuilder().add("node", id).add("status", "up").add("samples", array);
    }
}

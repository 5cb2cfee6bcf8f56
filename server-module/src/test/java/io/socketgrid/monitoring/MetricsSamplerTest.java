package io.socketgrid.monitoring;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;

class MetricsSamplerTest {

    private final AtomicLong nanos = new AtomicLong();
    private final AtomicLong cpu = new AtomicLong();
    private final AtomicLong gcCount = new AtomicLong();
    private final AtomicLong gcMillis = new AtomicLong();
    private final AtomicReference<NodeCounters> counters = new AtomicReference<>(counters(0, 0, 0, 0));

    private static NodeCounters counters(int open, long opened, long messagesIn, long fileBytes) {
        return new NodeCounters(open, opened, opened - open, opened, messagesIn, 2 * messagesIn, 10 * messagesIn,
                20 * messagesIn, fileBytes, 0, messagesIn / 4, messagesIn / 2, messagesIn / 10, fileBytes, 0, 0,
                Map.of("1000", opened - open, "4100", opened / 8), 300, 200, new LatencySummary(7, 10, 20, 30, 40));
    }

    private MetricsSampler sampler(Path tasks) {
        MetricsSampler.JvmGauges jvm = new MetricsSampler.JvmGauges() {
            @Override
            public long processCpuNanos() {
                return cpu.get();
            }

            @Override
            public long heapUsedBytes() {
                return 42;
            }

            @Override
            public long[] gcCountAndMillis() {
                return new long[] {gcCount.get(), gcMillis.get()};
            }
        };
        return new MetricsSampler(counters::get, new ThreadCpuSampler(tasks, nanos::get, () -> { }), jvm, nanos::get, () -> 1000);
    }

    @Test
    void ratesAreTheCountersGrowthOverTheInterval(@TempDir Path tasks) {
        MetricsSampler sampler = sampler(tasks);
        counters.set(counters(5, 8, 2000, 4096));
        nanos.set(2_000_000_000L);
        cpu.set(500_000_000L);
        gcCount.set(3);
        gcMillis.set(12);
        MetricsSample sample = sampler.tick();
        assertEquals(5, sample.connections());
        assertEquals(4.0, sample.openedPerSec());
        assertEquals(1.5, sample.closedPerSec());
        assertEquals(1000.0, sample.messagesInPerSec());
        assertEquals(2000.0, sample.messagesOutPerSec());
        assertEquals(10_000.0 + 2048, sample.bytesInPerSec(), "text characters and binary bytes");
        assertEquals(2048.0, sample.fileBytesPerSec());
        assertEquals(4.0, sample.handshakesPerSec());
        assertEquals(250.0, sample.publishesPerSec());
        assertEquals(500.0, sample.deliveriesPerSec());
        assertEquals(100.0, sample.invokesPerSec());
        assertEquals(Map.of("1000", 3L, "4100", 1L), sample.closesByCode(), "closes of the interval by code");
        assertEquals(new LatencySummary(7, 10, 20, 30, 40), sample.invokeMicros());
        assertEquals(300, sample.sendQueueBytes());
        assertEquals(200, sample.sendQueueMaxBytes());
        assertEquals(25.0, sample.processCpuPercent());
        assertEquals(3, sample.gcPauses());
        assertEquals(12, sample.gcMillis());
        assertEquals(42, sample.heapUsedBytes());

        nanos.set(3_000_000_000L);
        MetricsSample idle = sampler.tick();
        assertEquals(0.0, idle.messagesInPerSec(), "no growth, no rate");
        assertEquals(Map.of(), idle.closesByCode(), "no close in the interval");
        assertEquals(0, idle.gcPauses());
    }

    @Test
    void listenersHearEverySampleWithTheTotalsItCameFrom(@TempDir Path tasks) {
        MetricsSampler sampler = sampler(tasks);
        List<NodeCounters> totals = new ArrayList<>();
        List<MetricsSample> samples = new ArrayList<>();
        sampler.addListener((heardTotals, sample) -> {
            totals.add(heardTotals);
            samples.add(sample);
        });
        counters.set(counters(2, 4, 600, 0));
        nanos.set(1_000_000_000L);
        MetricsSample taken = sampler.tick();
        assertEquals(List.of(counters.get()), totals);
        assertEquals(List.of(taken), samples);
    }
}

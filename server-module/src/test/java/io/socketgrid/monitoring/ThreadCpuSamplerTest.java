package io.socketgrid.monitoring;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class ThreadCpuSamplerTest {

    @Test
    void threadsAreGroupedByTheirFullOrCutNames() {
        assertEquals(ThreadPool.GRIZZLY_SELECTOR, ThreadPool.of("http-listener-kernel(1) SelectorRunner"));
        assertEquals(ThreadPool.GRIZZLY_SELECTOR, ThreadPool.of("http-listener-k"));
        assertEquals(ThreadPool.GRIZZLY_WORKERS, ThreadPool.of("http-thread-pool::http-listener(17)"));
        assertEquals(ThreadPool.GRIZZLY_WORKERS, ThreadPool.of("http-thread-poo"));
        assertEquals(ThreadPool.UNDERTOW_IO, ThreadPool.of("default I/O-2"));
        assertEquals(ThreadPool.UNDERTOW_WORKERS, ThreadPool.of("default task-17"));
        assertEquals(ThreadPool.UNDERTOW_WORKERS, ThreadPool.of("default task-1"));
        assertEquals(ThreadPool.HAZELCAST, ThreadPool.of("hz.cranky_bassi.IO.thread-in-0"));
        assertEquals(ThreadPool.HAZELCAST, ThreadPool.of("hz.cranky_bassi"));
        assertEquals(ThreadPool.SOCKETGRID, ThreadPool.of("socketgrid-broker"));
        assertEquals(ThreadPool.SOCKETGRID, ThreadPool.of("socketgrid-hear"));
        assertEquals(ThreadPool.GC, ThreadPool.of("GC Thread#1"));
        assertEquals(ThreadPool.GC, ThreadPool.of("G1 Conc#0"));
        assertEquals(ThreadPool.GC, ThreadPool.of("G1 Refine#0"));
        assertEquals(ThreadPool.JIT, ThreadPool.of("C2 CompilerThre"));
        assertEquals(ThreadPool.JIT, ThreadPool.of("C1 CompilerThread0"));
        assertEquals(ThreadPool.OTHER, ThreadPool.of("VM Thread"));
        assertEquals(ThreadPool.OTHER, ThreadPool.of("GF Domain XML"));
    }

    private static void task(Path tasks, int tid, String name, long onCpuNanos) throws Exception {
        Path dir = Files.createDirectories(tasks.resolve(String.valueOf(tid)));
        Files.writeString(dir.resolve("comm"), name + "\n");
        Files.writeString(dir.resolve("schedstat"), onCpuNanos + " 1234 56\n");
    }

    @Test
    void cpuPerGroupIsTheGrowthOfEachThreadsTimeOverTheInterval(@TempDir Path tasks) throws Exception {
        AtomicLong now = new AtomicLong(0);
        task(tasks, 1, "http-thread-poo", 1_000_000_000L);
        task(tasks, 2, "http-thread-poo", 0);
        task(tasks, 3, "GC Thread#0", 500_000_000L);
        ThreadCpuSampler sampler = new ThreadCpuSampler(tasks, now::get, () -> { });
        now.set(1_000_000_000L);
        sampler.sample(); // baseline: what the threads used before counts in this first interval

        task(tasks, 1, "http-thread-poo", 1_500_000_000L); // +0.5 s
        task(tasks, 2, "http-thread-poo", 250_000_000L);   // +0.25 s
        task(tasks, 3, "GC Thread#0", 600_000_000L);       // +0.1 s
        task(tasks, 4, "socketgrid-brok", 200_000_000L);   // new: counts from its start
        now.set(2_000_000_000L);
        ThreadCpuSampler.Sample threads = sampler.sample();
        Map<ThreadPool, ThreadCpuSampler.PoolCpu> sample = threads.pools();

        assertEquals(List.of(new ThreadCpuSampler.ThreadCpu("http-thread-poo", ThreadPool.GRIZZLY_WORKERS, 50.0),
                new ThreadCpuSampler.ThreadCpu("http-thread-poo", ThreadPool.GRIZZLY_WORKERS, 25.0),
                new ThreadCpuSampler.ThreadCpu("socketgrid-brok", ThreadPool.SOCKETGRID, 20.0),
                new ThreadCpuSampler.ThreadCpu("GC Thread#0", ThreadPool.GC, 10.0)), threads.busiest(), "the busiest first");
        assertEquals(2, sample.get(ThreadPool.GRIZZLY_WORKERS).threads());
        assertEquals(75.0, sample.get(ThreadPool.GRIZZLY_WORKERS).cpuPercent(), 1e-9);
        assertEquals(10.0, sample.get(ThreadPool.GC).cpuPercent(), 1e-9);
        assertEquals(20.0, sample.get(ThreadPool.SOCKETGRID).cpuPercent(), 1e-9);
        assertFalse(sample.containsKey(ThreadPool.HAZELCAST));
    }

    @Test
    void onlyTheEightBusiestThreadsThatRanAreNamed(@TempDir Path tasks) throws Exception {
        AtomicLong now = new AtomicLong(0);
        for (int tid = 1; tid <= 12; tid++) {
            task(tasks, tid, "worker-" + tid, 0);
        }
        ThreadCpuSampler sampler = new ThreadCpuSampler(tasks, now::get, () -> { });
        for (int tid = 1; tid <= 10; tid++) {
            task(tasks, tid, "worker-" + tid, tid * 10_000_000L); // thread n used n % of the second
        }
        now.set(1_000_000_000L);
        List<ThreadCpuSampler.ThreadCpu> busiest = sampler.sample().busiest();
        assertEquals(List.of("worker-10", "worker-9", "worker-8", "worker-7", "worker-6", "worker-5", "worker-4",
                "worker-3"), busiest.stream().map(ThreadCpuSampler.ThreadCpu::name).toList());
        assertEquals(10.0, busiest.get(0).cpuPercent(), 1e-9);
    }

    @Test
    void aSamplePausesAfterEveryThirtyTwoThreadsRead(@TempDir Path tasks) throws Exception {
        for (int tid = 1; tid <= 70; tid++) {
            task(tasks, tid, "worker-" + tid, tid);
        }
        AtomicInteger pauses = new AtomicInteger();
        ThreadCpuSampler sampler = new ThreadCpuSampler(tasks, System::nanoTime, pauses::incrementAndGet);
        assertEquals(70, sampler.sample().pools().get(ThreadPool.OTHER).threads(), "every thread read");
        assertEquals(2, pauses.get(), "after the 32nd and the 64th");
    }

    @Test
    void thisProcessCanBeSampledOnLinux() {
        ThreadCpuSampler sampler = new ThreadCpuSampler();
        assumeTrue(sampler.available(), "per-thread figures need Linux's /proc");
        long spin = System.nanoTime() + 50_000_000L;
        long sum = 0;
        while (System.nanoTime() < spin) {
            sum += System.nanoTime() % 7;
        }
        Map<ThreadPool, ThreadCpuSampler.PoolCpu> sample = sampler.sample().pools();
        assertTrue(sum >= 0);
        assertTrue(sample.get(ThreadPool.OTHER).cpuPercent() > 0, "the test's own thread ran: " + sample);
        assertTrue(sample.containsKey(ThreadPool.JIT) || sample.containsKey(ThreadPool.GC), "native JVM threads are seen: " + sample);
    }
}

package io.socketgrid.load.workload;

import io.socketgrid.load.dialect.Session;
import io.socketgrid.load.report.Figures;
import io.socketgrid.load.report.ProcProbe;
import io.socketgrid.load.run.LoadRun;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * N connections opened at the run's rate and held idle (heartbeats answered) until the end: what a connection
 * costs the server, and this client. At the start and when sending stops (every connection still open) it
 * takes a full GC and reads this JVM's live heap, RSS and threads, so the report has the client's heap (and RSS)
 * per idle connection and its threads by name (digits folded: {@code socketgrid-netty-#-#}). Sends nothing.
 */
public final class IdleWorkload extends BaseWorkload {

    private long heapBefore;
    private int threadsBefore;
    private long heapAfter;
    private long rssBefore;
    private long rssAfter;
    private long openAfter;
    private Map<String, Integer> threadsAfter = Map.of();

    public IdleWorkload(int connections) {
        super("idle", connections, "nothing (idle connections)");
    }




    @Override
    public void start(LoadRun loadRun) {
        super.start(loadRun);
        heapBefore = liveHeap();
        rssBefore = rss();
        threadsBefore = threads().values().stream().mapToInt(Integer::intValue).sum();
    }

    @Override
    public void ready(Session session) {
        // idle on purpose
    }

    @Override
    public void stopSending() {
        heapAfter = liveHeap();
        rssAfter = rss();
        threadsAfter = threads();
        openAfter = run.counts().open();
    }

    /** Heap in use after a full GC (System.gc(): the JVM's default collectors honour it). */
    private static long liveHeap() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** This JVM's resident set (heap, and the direct buffers and stacks the heap figure misses); -1 off Linux. */
    private static long rss() {
        try {
            return ProcProbe.rssBytes(Files.readString(Path.of("/proc/self/status")));
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static Map<String, Integer> threads() {
        Map<String, Integer> groups = new TreeMap<>();
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            groups.merge(thread.getName().replaceAll("\\d+", "#"), 1, Integer::sum);
        }
        return groups;
    }

    @Override
    public void report(Figures figures) {
        figures.put("idle.openWhenMeasured", openAfter)
                .put("idle.clientThreadsBefore", threadsBefore)
                .put("idle.clientThreads", threadsAfter.values().stream().mapToInt(Integer::intValue).sum())
                .put("idle.clientThreadsByName", threadsAfter.toString())
                .put("idle.clientLiveHeapBeforeBytes", heapBefore)
                .put("idle.clientLiveHeapBytes", heapAfter)
                .put("idle.clientHeapPerConnectionBytes",
                        openAfter > 0 ? (double) (heapAfter - heapBefore) / openAfter : Double.NaN)
                .put("idle.clientMaxHeapBytes", Runtime.getRuntime().maxMemory())
                .put("idle.clientRssBeforeBytes", rssBefore)
                .put("idle.clientRssBytes", rssAfter)
                .put("idle.clientRssPerConnectionBytes",
                        openAfter > 0 && rssBefore > 0 ? (double) (rssAfter - rssBefore) / openAfter : Double.NaN);
    }
}

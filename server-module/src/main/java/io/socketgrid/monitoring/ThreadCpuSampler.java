package io.socketgrid.monitoring;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * CPU used by this process's threads, grouped by {@link ThreadPool}, between two samples. It reads Linux's
 * {@code /proc/self/task/<tid>/comm} and {@code schedstat} (nanoseconds on a CPU), so it sees the JVM's
 * native threads (GC, JIT) as well as Java ones. Not thread-safe: one sampler, one caller (the metrics
 * sampler's once-a-second tick); a sample costs one small file read per thread.
 *
 * <p>A sample reads at most {@value #READS_PER_BURST} threads in a row and then calls its {@code pause} (by default
 * a park of {@value #PAUSE_MICROS} µs): read at once, the ≈ 250 threads of a Payara instance held a core for
 * milliseconds, and a request thread woken meanwhile on that core waited for the reader's run to end, which showed
 * in the tail of the thesis workload (docs/PERFORMANCE.md, "Short bursts on the server's core").
 */
public final class ThreadCpuSampler {

    /** One group's share of the last interval: {@code cpuPercent} of one core (200 = two cores busy). */
    public record PoolCpu(ThreadPool pool, int threads, double cpuPercent) {
    }

    /** One thread's share of the last interval; {@code name} as Linux keeps it (at most 15 characters). */
    public record ThreadCpu(String name, ThreadPool pool, double cpuPercent) {
    }

    /** The interval's CPU by group, and the busiest threads in it (the most first, only those that ran). */
    public record Sample(Map<ThreadPool, PoolCpu> pools, List<ThreadCpu> busiest) {
    }

    /** How many of the busiest threads a sample names. */
    public static final int BUSIEST = 8;
    /** How many threads a sample reads between two pauses. */
    static final int READS_PER_BURST = 32;
    static final long PAUSE_MICROS = 200;

    private final Path tasks;
    private final LongSupplier nanoTime;
    private final Runnable pause;
    private final ByteBuffer schedstat = ByteBuffer.allocate(128);
    private Map<String, Long> lastByTask = new HashMap<>();
    private Map<String, String> nameByTask = new HashMap<>();
    private long lastAt;

    /** Samples this process. */
    public ThreadCpuSampler() {
        this(Path.of("/proc/self/task"), System::nanoTime,
                () -> LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(PAUSE_MICROS)));
    }

    /**
     * @param tasks a directory laid out like {@code /proc/self/task} (tests use a fake one)
     * @param pause called after every {@value #READS_PER_BURST} threads read, to let the core go
     */
    public ThreadCpuSampler(Path tasks, LongSupplier nanoTime, Runnable pause) {
        this.tasks = tasks;
        this.nanoTime = nanoTime;
        this.pause = pause;
        this.lastAt = nanoTime.getAsLong();
    }

    /** Whether this system offers the per-thread figures (Linux with schedstat); else samples are empty. */
    public boolean available() {
        return Files.isReadable(tasks);
    }

    /**
     * CPU per group, and the busiest threads, since the previous call (or since construction). A thread that started meanwhile counts
     * from its start; one that ended meanwhile is missing from this interval.
     */
    public Sample sample() {
        long now = nanoTime.getAsLong();
        double elapsed = Math.max(1, now - lastAt);
        Map<ThreadPool, long[]> byPool = new EnumMap<>(ThreadPool.class); // {threads, cpu nanos}
        Map<String, Long> current = new HashMap<>();
        Map<String, String> currentNames = new HashMap<>();
        PriorityQueue<ThreadCpu> busiest = new PriorityQueue<>(Comparator.comparingDouble(ThreadCpu::cpuPercent));
        int read = 0;
        try (DirectoryStream<Path> threads = Files.newDirectoryStream(tasks)) {
            for (Path task : threads) {
                if (read > 0 && read % READS_PER_BURST == 0) {
                    pause.run();
                }
                read++;
                String tid = task.getFileName().toString();
                Long onCpu = onCpuNanos(task);
                // a thread's name is read once (a rename later is not seen): half the reads of /proc per sample,
                // which are most of its cost
                String known = nameByTask.get(tid);
                String name = onCpu == null ? null : known != null ? known : comm(task);
                if (onCpu == null || name == null) {
                    continue; // the thread ended while we read it
                }
                current.put(tid, onCpu);
                currentNames.put(tid, name);
                ThreadPool pool = ThreadPool.of(name);
                long used = Math.max(0, onCpu - lastByTask.getOrDefault(tid, 0L));
                long[] totals = byPool.computeIfAbsent(pool, p -> new long[2]);
                totals[0]++;
                totals[1] += used;
                if (used > 0) {
                    busiest.add(new ThreadCpu(name, pool, 100.0 * used / elapsed));
                    if (busiest.size() > BUSIEST) {
                        busiest.poll(); // the least busy of those kept
                    }
                }
            }
        } catch (IOException e) {
            // no /proc (not Linux): nothing to report
        }
        lastByTask = current;
        nameByTask = currentNames;
        lastAt = now;
        Map<ThreadPool, PoolCpu> pools = new EnumMap<>(ThreadPool.class);
        byPool.forEach((pool, totals) -> pools.put(pool, new PoolCpu(pool, (int) totals[0], 100.0 * totals[1] / elapsed)));
        List<ThreadCpu> top = new ArrayList<>(busiest);
        top.sort(Comparator.comparingDouble(ThreadCpu::cpuPercent).reversed());
        return new Sample(pools, List.copyOf(top));
    }

    /** The first field of {@code schedstat}: nanoseconds this thread ran; null when it is gone. */
    private Long onCpuNanos(Path task) {
        schedstat.clear();
        try (FileChannel file = FileChannel.open(task.resolve("schedstat"), StandardOpenOption.READ)) {
            int n;
            do {
                n = file.read(schedstat); // one short line: read whole into the reused buffer
            } while (n > 0 && schedstat.hasRemaining());
        } catch (IOException goneOrUnreadable) {
            return null;
        }
        long nanos = 0;
        int i = 0;
        for (; i < schedstat.position(); i++) {
            byte b = schedstat.get(i);
            if (b < '0' || b > '9') {
                break;
            }
            nanos = nanos * 10 + (b - '0');
        }
        return i == 0 ? null : nanos;
    }

    private static String comm(Path task) {
        String text = read(task.resolve("comm"));
        return text == null ? null : text.strip();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException goneOrUnreadable) {
            return null;
        }
    }
}

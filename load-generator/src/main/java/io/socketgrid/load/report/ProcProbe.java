package io.socketgrid.load.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The server process's CPU and memory from Linux's {@code /proc/<pid>/stat} (utime + stime, in clock ticks of
 * 1/100 s, the kernel's USER_HZ on every mainstream architecture) and {@code /proc/<pid>/status} (VmRSS), read
 * once a second. The server must run on this machine. Reports the mean CPU over the measured window (percent
 * of one core: 200 is two cores busy), the peak RSS during the run and the RSS at the end.
 */
public final class ProcProbe implements ServerProbe {

    static final int TICKS_PER_SECOND = 100;

    private final long pid;
    private final Path stat;
    private final Path status;
    private final List<long[]> samples = new ArrayList<>(); // {epoch ms, cpu ticks, rss bytes}; timer thread only
    private String problem;

    public ProcProbe(long pid) {
        this(pid, Path.of("/proc", Long.toString(pid)));
    }

    ProcProbe(long pid, Path processDirectory) {
        this.pid = pid;
        this.stat = processDirectory.resolve("stat");
        this.status = processDirectory.resolve("status");
    }

    /** Whether the process can be read now. */
    public boolean readable() {
        return Files.isReadable(stat) && Files.isReadable(status);
    }

    @Override
    public synchronized Sample sample() {
        long now = System.currentTimeMillis();
        long ticks;
        long rss;
        try {
            ticks = cpuTicks(Files.readString(stat));
            rss = rssBytes(Files.readString(status));
        } catch (IOException | RuntimeException e) {
            problem = "cannot read /proc/" + pid + ": " + e.getMessage();
            return Sample.NONE;
        }
        double cpu = Double.NaN;
        if (!samples.isEmpty()) {
            long[] last = samples.get(samples.size() - 1);
            cpu = percent(last[1], ticks, last[0], now);
        }
        samples.add(new long[] {now, ticks, rss});
        return new Sample(cpu, rss);
    }

    private static double percent(long ticksFrom, long ticksTo, long millisFrom, long millisTo) {
        return millisTo > millisFrom
                ? (ticksTo - ticksFrom) * 100.0 * 1000 / TICKS_PER_SECOND / (millisTo - millisFrom) : Double.NaN;
    }

    /** utime + stime (fields 14 and 15 of /proc/pid/stat; the command name in parentheses may hold spaces). */
    static long cpuTicks(String statLine) {
        String[] after = statLine.substring(statLine.lastIndexOf(')') + 2).trim().split("\\s+");
        // after[0] is field 3 (state): utime is field 14, stime field 15
        return Long.parseLong(after[11]) + Long.parseLong(after[12]);
    }

    /** VmRSS of /proc/pid/status, in bytes. */
    public static long rssBytes(String statusText) {
        for (String line : statusText.split("\n")) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
            }
        }
        throw new IllegalArgumentException("no VmRSS line");
    }

    @Override
    public synchronized void report(Figures figures, long fromEpochMillis, long toEpochMillis) {
        figures.put("server.proc.pid", pid);
        long[] first = null;
        long[] last = null;
        long peak = -1;
        for (long[] s : samples) {
            peak = Math.max(peak, s[2]);
            if (s[0] >= fromEpochMillis - 500 && s[0] <= toEpochMillis + 500) {
                first = first == null ? s : first;
                last = s;
            }
        }
        figures.put("server.proc.cpuPercentMean", first != null && last != first
                ? percent(first[1], last[1], first[0], last[0]) : Double.NaN);
        figures.put("server.proc.rssPeakBytes", peak);
        figures.put("server.proc.rssEndBytes", samples.isEmpty() ? -1 : samples.get(samples.size() - 1)[2]);
        if (problem != null) {
            figures.put("server.proc.problem", problem);
        }
    }
}

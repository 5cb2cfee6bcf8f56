package io.socketgrid.load.report;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The live progress line: one line a second on stderr (stdout stays for the JSON summary), and the rows kept
 * for timeline.csv. Quiet mode keeps the rows and notes but prints no progress line.
 */
public final class ConsoleProgress implements ProgressSink {

    private final PrintStream out;
    private final String label;
    private final boolean quiet;
    private final List<ProgressRow> rows = new ArrayList<>();

    public ConsoleProgress(PrintStream out, String label, boolean quiet) {
        this.out = out;
        this.label = label;
        this.quiet = quiet;
    }

    @Override
    public synchronized void second(ProgressRow row) {
        rows.add(row);
        if (!quiet) {
            out.println(line(label, row));
        }
    }

    @Override
    public synchronized void note(String message) {
        out.println("[" + label + "] " + message);
    }

    /** The rows so far. */
    public synchronized List<ProgressRow> rows() {
        return List.copyOf(rows);
    }

    /** e.g. {@code [thesis socketgrid] 12s sending | conns 2400 open, 0 pending, 0 failed, 0 dropped | ...}. */
    static String line(String label, ProgressRow r) {
        StringBuilder line = new StringBuilder(160);
        line.append('[').append(label).append("] ").append(r.second()).append("s ").append(r.phase())
                .append(" | conns ").append(r.open()).append(" open, ").append(r.pending()).append(" pending, ")
                .append(r.failed()).append(" failed, ").append(r.dropped()).append(" dropped")
                .append(" | sent ").append(r.sentPerSec()).append("/s, done ").append(r.completedPerSec()).append("/s");
        if (r.errorsPerSec() > 0) {
            line.append(", errors ").append(r.errorsPerSec()).append("/s");
        }
        if (Double.isFinite(r.p50Ms())) {
            line.append(String.format(Locale.ROOT, " | ms p50 %.2f p99 %.2f max %.2f", r.p50Ms(), r.p99Ms(), r.maxMs()));
        }
        if (Double.isFinite(r.serverCpuPercent())) {
            line.append(String.format(Locale.ROOT, " | server cpu %.0f%%", r.serverCpuPercent()));
        }
        if (r.serverRssBytes() >= 0) {
            line.append(String.format(Locale.ROOT, " rss %d MB", r.serverRssBytes() >> 20));
        }
        return line.toString();
    }
}

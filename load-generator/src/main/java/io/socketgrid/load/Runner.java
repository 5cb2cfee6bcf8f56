package io.socketgrid.load;

import com.sun.management.OperatingSystemMXBean;
import com.sun.management.UnixOperatingSystemMXBean;
import io.socketgrid.client.transport.JdkWebSocketTransport;
import io.socketgrid.client.transport.Transport;
import io.socketgrid.client.transport.netty.NettyTransport;
import io.socketgrid.load.report.ConsoleProgress;
import io.socketgrid.load.report.Figures;
import io.socketgrid.load.report.MetricsProbe;
import io.socketgrid.load.report.ProcProbe;
import io.socketgrid.load.report.Probes;
import io.socketgrid.load.report.ServerProbe;
import io.socketgrid.load.report.SummaryWriter;
import io.socketgrid.load.run.LoadRun;
import io.socketgrid.load.run.RunSettings;
import io.socketgrid.load.run.ThreadScheduler;
import io.socketgrid.load.run.Workload;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/** Runs one workload as the options say: builds the transport, probes and run, waits for it, writes the report. */
final class Runner {

    static final int OK = 0;
    static final int NOTHING_MEASURED = 1;
    static final int BAD_OPTIONS = 2;
    static final int OVERRAN = 3;

    /** Bytes that may wait to be sent on one connection: a file-transfer window (4 MiB by default) and more. */
    private static final int MAX_OUTBOUND_BYTES = 8 << 20;
    private static final int MAX_INBOUND_BYTES = 16 << 20;

    private Runner() {
    }

    static int run(CommonOptions o, Workload workload, double defaultRate) {
        PrintStream err = System.err;
        List<InetAddress> sources;
        try {
            sources = SourceAddresses.parse(o.sourceAddresses);
        } catch (IllegalArgumentException e) {
            err.println("--source-addresses: " + e.getMessage());
            return BAD_OPTIONS;
        }
        URI given = o.url != null ? o.url : o.dialect.defaultUrl();
        if (!"ws".equalsIgnoreCase(given.getScheme()) && !"wss".equalsIgnoreCase(given.getScheme())) {
            err.println("--url: a ws:// or wss:// URL, not " + given);
            return BAD_OPTIONS;
        }
        if (o.transport == CommonOptions.TransportKind.JDK && !sources.isEmpty() && !JdkWebSocketTransport.canBindLocalAddress()) {
            err.println("--source-addresses: the JDK transport binds a source address on Java 19+ only (this is "
                    + Runtime.version().feature() + "); use --transport netty");
            return BAD_OPTIONS;
        }
        RunSettings settings;
        try {
            settings = new RunSettings(o.dialect.target(given), o.dialect, sources, o.duration, o.warmup, o.drain,
                    o.maxConnections, o.maxMessages, o.rate != null ? o.rate : defaultRate, o.maxPending, o.connectTimeout);
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            return BAD_OPTIONS;
        }
        String label = o.label != null ? o.label : workload.name() + " " + o.dialect.cliName();
        ConsoleProgress progress = new ConsoleProgress(err, label, o.quiet);
        warnAboutDescriptors(progress, Math.min(workload.connections(), o.maxConnections));

        ServerProbe probe = probe(o, settings.target(), progress);
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long cpuBefore = os.getProcessCpuTime();
        long wallBefore = System.nanoTime();
        LoadRun run;
        boolean ended;
        CountDownLatch reported = new CountDownLatch(1);
        try (Transport transport = transport(o); ThreadScheduler scheduler = new ThreadScheduler()) {
            run = new LoadRun(settings, workload, transport, scheduler, probe, progress);
            progress.note("target " + settings.target() + ", " + Math.min(workload.connections(), o.maxConnections)
                    + " connections at " + settings.connectRate() + "/s, " + settings.duration().toSeconds() + " s"
                    + (sources.isEmpty() ? "" : ", from " + sources.size() + " source addresses"));
            stopOnSignal(run, progress, reported);
            run.start();
            ended = run.awaitEnd(run.bound().plusSeconds(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            reported.countDown();
            return OVERRAN;
        }
        if (!ended) {
            progress.note("the run overran its bound of " + run.bound().toSeconds() + " s");
        }
        long clientCpu = os.getProcessCpuTime() - cpuBefore;
        long wall = System.nanoTime() - wallBefore;

        Figures figures = run.report();
        figures.put("client.transport", o.transport.name().toLowerCase())
                .put("client.ioThreads", o.ioThreads)
                .put("client.sourceAddresses", sources.size())
                .put("client.connectRate", settings.connectRate())
                .put("client.cpuPercent", wall > 0 ? clientCpu * 100.0 / wall : Double.NaN)
                .put("client.javaVersion", Runtime.version().toString());
        Map<String, Long> problems = run.problems();
        String json = SummaryWriter.jsonText(figures, problems);
        System.out.print(json);
        System.out.flush();
        if (o.out != null) {
            try {
                SummaryWriter.writeAll(o.out, figures, problems, progress.rows());
                progress.note("wrote " + o.out.resolve("summary.json") + ", summary.csv, timeline.csv");
            } catch (IOException e) {
                err.println("cannot write the report into " + o.out + ": " + e);
                return NOTHING_MEASURED;
            } finally {
                reported.countDown();
            }
        }
        reported.countDown();
        if (!ended) {
            return OVERRAN;
        }
        var counts = run.counts();
        boolean measured = workload.name().equals("idle") || counts.completed() > 0;
        return counts.opened() > 0 && measured ? OK : NOTHING_MEASURED;
    }

    /**
     * How long a signalled run may take beyond its drain and close bound to close and report: closing 16,667 idle
     * connections on a machine busy with six servers took 11-16 s (bench.sh conns, 2026-11-27), past the 10 s
     * this used to be, and the JVM then exited without its report.
     */
    private static final Duration REPORT_AFTER_SIGNAL = Duration.ofSeconds(60);

    /**
     * SIGTERM or SIGINT (a JVM shutdown) ends the run early rather than losing it: sending stops, the drain and
     * the closing run as at the end of the duration, and the hook holds the JVM until the report is written (at
     * most the run's drain and close bound, and {@link #REPORT_AFTER_SIGNAL}). A caller that decides when a run
     * is over (a benchmark holding idle connections until every process has opened its share) stops it with a
     * plain {@code kill}.
     */
    private static void stopOnSignal(LoadRun run, ConsoleProgress progress, CountDownLatch reported) {
        Duration wait = run.settings().drain().plus(RunSettings.CLOSE_WAIT).plus(REPORT_AFTER_SIGNAL);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (reported.getCount() == 0) {
                return; // the run is over and reported: an ordinary exit
            }
            progress.note("stopped by a signal: ending the run now (drain, close, report)");
            try {
                run.stopEarly();
                reported.await(wait.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) { // the run's timer is already closed: nothing left to stop
                progress.note("could not stop the run: " + e);
            }
        }, "load-stop-on-signal"));
    }

    private static Transport transport(CommonOptions o) {
        if (o.transport == CommonOptions.TransportKind.NETTY) {
            return new NettyTransport(o.ioThreads, MAX_OUTBOUND_BYTES, MAX_INBOUND_BYTES);
        }
        return new JdkWebSocketTransport(Executors.newFixedThreadPool(o.ioThreads, task -> {
            Thread thread = new Thread(task, "load-jdk-io");
            thread.setDaemon(true);
            return thread;
        }), MAX_OUTBOUND_BYTES, MAX_INBOUND_BYTES);
    }

    private static ServerProbe probe(CommonOptions o, URI target, ConsoleProgress progress) {
        List<ServerProbe> probes = new ArrayList<>();
        if (o.serverPid != null) {
            ProcProbe proc = new ProcProbe(o.serverPid);
            if (!proc.readable()) {
                progress.note("--server-pid " + o.serverPid + ": /proc/" + o.serverPid + " cannot be read; no server CPU/RSS");
            }
            probes.add(proc);
        }
        URI metrics = o.serverMetrics != null ? o.serverMetrics : o.dialect.metricsUri(target);
        if (metrics != null && !o.noServerMetrics) {
            probes.add(new MetricsProbe(metrics));
        }
        return probes.isEmpty() ? ServerProbe.NONE : new Probes(probes);
    }

    /** One descriptor per connection: say so when the process limit is lower. */
    private static void warnAboutDescriptors(ConsoleProgress progress, int connections) {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof UnixOperatingSystemMXBean unix
                && unix.getMaxFileDescriptorCount() < connections + 64L) {
            progress.note("this process may open " + unix.getMaxFileDescriptorCount() + " files, fewer than "
                    + connections + " connections need (+64): raise ulimit -n, or split the load over processes");
        }
    }

}

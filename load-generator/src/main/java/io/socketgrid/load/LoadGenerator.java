package io.socketgrid.load;

import io.socketgrid.load.run.Workload;
import io.socketgrid.load.workload.FanoutWorkload;
import io.socketgrid.load.workload.FilesWorkload;
import io.socketgrid.load.workload.FloodWorkload;
import io.socketgrid.load.workload.IdleWorkload;
import io.socketgrid.load.workload.ThesisWorkload;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.time.Duration;
import java.util.concurrent.Callable;

/**
 * {@code socketgrid-load}: the load generator's command line. One subcommand per workload; every one takes
 * {@link CommonOptions}. Exit status: 0 when connections opened and something was measured, 1 when not, 2 on
 * bad options, 3 when the run overran its own time bound.
 */
@Command(name = "socketgrid-load", mixinStandardHelpOptions = true, version = "socketgrid-load 0.1.0",
        description = "Drives SocketGrid, SocketCluster and Socket.IO v4 servers with the thesis workloads and reports "
                + "connections, messages/s and latency percentiles (JSON and CSV).",
        subcommands = {LoadGenerator.Thesis.class, LoadGenerator.Flood.class, LoadGenerator.Fanout.class,
                LoadGenerator.Files.class, LoadGenerator.Idle.class, CommandLine.HelpCommand.class})
public final class LoadGenerator implements Runnable {

    @Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line, configured (tests parse with it). */
    public static CommandLine commandLine() {
        return new CommandLine(new LoadGenerator()).setCaseInsensitiveEnumValuesAllowed(true);
    }

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "name a workload: thesis, flood, fanout, files or idle");
    }

    @Command(name = "thesis", mixinStandardHelpOptions = true,
            description = "The thesis workload: open --rate new connections per second up to --connections; each invokes "
                    + "ping {\"param\":\"pong\"} every [0, --interval-max) ms (open loop) and records the round trip.")
    static final class Thesis extends WorkloadCommand {
        /** As the servers' ping.file (SocketGrid's PingPongApplication, scripts/bench/peers/serve.mjs). */
        static final int MAX_PING_FILE_BYTES = 512 * 1024;

        @Option(names = {"-n", "--connections"}, paramLabel = "N", defaultValue = "2400", description = "Default: ${DEFAULT-VALUE}.")
        int connections;

        @Option(names = {"-p", "--interval-max"}, paramLabel = "DURATION", defaultValue = "5s", converter = DurationConverter.class,
                description = "P: each delay is uniform in [0, P). Default: ${DEFAULT-VALUE} (the thesis's).")
        Duration intervalMax;

        @Option(names = "--intervals", paramLabel = "MODE", defaultValue = "fresh",
                description = "fresh (a new delay before every ping) | fixed (one per connection, as the thesis's setInterval). Default: ${DEFAULT-VALUE}.")
        ThesisWorkload.Intervals intervals;

        @Option(names = "--seed", defaultValue = "1", description = "Seed of the per-connection delays. Default: ${DEFAULT-VALUE}.")
        long seed;

        @Option(names = "--file-size", paramLabel = "BYTES", converter = SizeConverter.class,
                description = "The thesis's file variant: each ping is ping.file asking for a file of BYTES (e.g. 81, 500k; "
                        + "at most 512k) in base64 in the answer. Default: none (the plain ping).")
        Integer fileSize;

        @Override
        Workload workload() {
            if (fileSize != null && fileSize > MAX_PING_FILE_BYTES) {
                throw new ParameterException(spec.commandLine(), "--file-size: at most " + MAX_PING_FILE_BYTES + " bytes (512k)");
            }
            return new ThesisWorkload(connections, intervalMax, intervals, seed, fileSize == null ? 0 : fileSize);
        }

        @Override
        double defaultRate() {
            return 20;
        }
    }

    @Command(name = "flood", mixinStandardHelpOptions = true,
            description = "Closed loop: --connections connections, each sending the next ping invoke when the answer arrives.")
    static final class Flood extends WorkloadCommand {
        @Option(names = {"-k", "--connections"}, paramLabel = "K", defaultValue = "100", description = "Default: ${DEFAULT-VALUE}.")
        int connections;

        @Option(names = "--depth", paramLabel = "D", defaultValue = "1", description = "Pings in flight per connection. Default: ${DEFAULT-VALUE}.")
        int depth;

        @Override
        Workload workload() {
            return new FloodWorkload(connections, depth);
        }
    }

    @Command(name = "fanout", mixinStandardHelpOptions = true,
            description = "Pub/sub: --subscribers connections subscribe to --channel, one more publishes {seq, sentNanos} at "
                    + "--publish-rate; records delivery latency, counts missing and duplicate deliveries.")
    static final class Fanout extends WorkloadCommand {
        @Option(names = {"-s", "--subscribers"}, paramLabel = "S", defaultValue = "100", description = "Default: ${DEFAULT-VALUE}.")
        int subscribers;

        @Option(names = {"-r", "--publish-rate"}, paramLabel = "PER_SECOND", defaultValue = "100", description = "Default: ${DEFAULT-VALUE}.")
        double publishRate;

        @Option(names = "--channel", paramLabel = "NAME", defaultValue = "load-fanout", description = "Default: ${DEFAULT-VALUE}.")
        String channel;

        @Override
        Workload workload() {
            return new FanoutWorkload(subscribers, publishRate, channel);
        }
    }

    @Command(name = "files", mixinStandardHelpOptions = true,
            description = "SocketGrid's file transfer (SocketGrid only: SocketCluster and Socket.IO have none): --connections "
                    + "connections, each uploading a file of --size bytes, the next once the server verified the last. "
                    + "Every upload is stored on the server.")
    static final class Files extends WorkloadCommand {
        @Option(names = {"-k", "--connections"}, paramLabel = "K", defaultValue = "4", description = "Default: ${DEFAULT-VALUE}.")
        int connections;

        @Option(names = {"-S", "--size"}, paramLabel = "BYTES", defaultValue = "1048576", converter = SizeConverter.class,
                description = "File size: bytes, or with k, m (KiB, MiB), at most 256m. Default: ${DEFAULT-VALUE}.")
        int size;

        @Option(names = "--chunk", paramLabel = "BYTES", defaultValue = "65536", converter = SizeConverter.class,
                description = "Largest chunk sent (the server's chunkSize bounds it too). Default: ${DEFAULT-VALUE}.")
        int chunk;

        @Option(names = "--seed", defaultValue = "1", description = "Seed of the file's random content. Default: ${DEFAULT-VALUE}.")
        long seed;

        @Override
        Workload workload() {
            if (!common.dialect.hasFileTransfer()) {
                throw new ParameterException(spec.commandLine(), "files: " + common.dialect.cliName()
                        + " has no file transfer. Only SocketGrid has one (--dialect socketgrid); SocketCluster and Socket.IO "
                        + "servers cannot run this workload.");
            }
            if (common.transport != CommonOptions.TransportKind.NETTY) {
                throw new ParameterException(spec.commandLine(), "files: chunks are binary messages, which only "
                        + "--transport netty sends");
            }
            return new FilesWorkload(connections, size, chunk, seed);
        }

        @Override
        double defaultRate() {
            return 100;
        }
    }

    @Command(name = "idle", mixinStandardHelpOptions = true,
            description = "--connections connections opened and held idle (heartbeats answered) until the end; reports this "
                    + "client's threads and live heap per connection (after a full GC), and the server's with --server-pid.")
    static final class Idle extends WorkloadCommand {
        @Option(names = {"-n", "--connections"}, paramLabel = "N", defaultValue = "1000", description = "Default: ${DEFAULT-VALUE}.")
        int connections;

        @Override
        Workload workload() {
            return new IdleWorkload(connections);
        }

        @Override
        double defaultRate() {
            return 500;
        }
    }

    /** What every workload subcommand shares: the common options, and running its workload with them. */
    abstract static class WorkloadCommand implements Callable<Integer> {
        @Mixin
        CommonOptions common;

        @Spec
        CommandLine.Model.CommandSpec spec;

        /** The workload the options describe; a {@link ParameterException} when they do not fit together. */
        abstract Workload workload();

        /** New connections per second when {@code --rate} is not given. */
        double defaultRate() {
            return 1000;
        }

        @Override
        public Integer call() {
            return Runner.run(common, workload(), defaultRate());
        }
    }

    /** {@code 4096}, {@code 64k}, {@code 1m} (KiB and MiB), at most 256 MiB. */
    public static final class SizeConverter implements CommandLine.ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            String text = value.trim().toLowerCase(java.util.Locale.ROOT);
            long factor = text.endsWith("k") ? 1024 : text.endsWith("m") ? 1 << 20 : 1;
            String digits = factor == 1 ? text : text.substring(0, text.length() - 1);
            long bytes;
            try {
                bytes = Long.parseLong(digits) * factor;
            } catch (NumberFormatException e) {
                throw new CommandLine.TypeConversionException("not a size: '" + value + "' (use e.g. 81, 500k, 1m)");
            }
            if (bytes < 1 || bytes > 256L << 20) {
                throw new CommandLine.TypeConversionException("a size from 1 byte to 256m: '" + value + "'");
            }
            return (int) bytes;
        }
    }
}

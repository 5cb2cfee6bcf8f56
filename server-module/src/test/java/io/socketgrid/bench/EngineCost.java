package io.socketgrid.bench;

import io.socketgrid.broker.HistoryPolicy;
import io.socketgrid.broker.InMemoryBroker;
import io.socketgrid.concurrent.DaemonThreads;
import io.socketgrid.config.SocketGridConfig;
import io.socketgrid.engine.Connection;
import io.socketgrid.engine.EngineCounters;
import io.socketgrid.engine.EngineObserver;
import io.socketgrid.engine.SocketGridEngine;
import io.socketgrid.engine.Transport;
import io.socketgrid.monitoring.MetricsSampler;
import io.socketgrid.monitoring.NodeCounters;
import io.socketgrid.monitoring.ThreadCpuSampler;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A benchmark, not a test: the engine's own cost per thesis ping (decode, interception, handler, encode,
 * queue) in two set-ups A and B of one JVM, alternating rounds so that JIT and machine noise hit both alike.
 * Prints pings/s per round and the ratio of the medians. {@code scripts/bench.sh security} and
 * {@code scripts/bench.sh metrics} run it pinned to one core. The comparisons:
 * <ul>
 *   <li>{@code middleware}: the ping transmitted, with no middleware (A) and with one allow-all middleware
 *       that overrides all six hooks (B);</li>
 *   <li>{@code metrics}: the ping invoked (so its latency is recorded), with the monitoring counters off (A)
 *       and on with a {@link MetricsSampler} taking a sample every second on its own thread (B), as
 *       {@code socketgrid.metrics} false and true do in the server.</li>
 * </ul>
 *
 * <p>Usage: {@code EngineCost middleware|metrics [rounds=30] [seconds per round=1] [warm-up seconds=30]}; the
 * ratio of the medians is the figure, the per-round ratios show the noise.
 */
public final class EngineCost {

    private static final String PING = "{\"event\":\"ping\",\"data\":{\"param\":\"pong\"}}";
    private static final String INVOKED_PING = "{\"event\":\"ping\",\"data\":{\"param\":\"pong\"},\"cid\":2}";

    /** Completes every write at once and counts what was written. */
    static final class CountingTransport implements Transport {
        long written;

        @Override
        public void sendText(String text, Consumer<Throwable> completion) {
            written++;
            completion.accept(null);
        }

        @Override
        public void sendBinary(ByteBuffer data, Consumer<Throwable> completion) {
            completion.accept(null);
        }

        @Override
        public void close(int code, String reason) {
        }

        @Override
        public String describe() {
            return "counting";
        }
    }

    /** One engine with one handshaken socket, pinged in a loop on the calling thread. */
    private record Node(SocketGridEngine engine, Connection connection, CountingTransport transport, String ping,
                        AutoCloseable extra) {

        static Node start(EngineObserver observer, boolean middleware, boolean invoke) {
            SocketGridConfig config = SocketGridConfig.load(Map.of("inboundRate", "0")::get);
            SocketGridEngine engine = SocketGridEngine.builder(config,
                    new InMemoryBroker(new HistoryPolicy(10, Duration.ofMinutes(1)))).observer(observer).build();
            engine.handlers().onTransmit("ping", (socket, data) -> socket.transmit("pong", 1));
            engine.handlers().onInvoke("ping", (socket, data) -> 1);
            if (middleware) {
                engine.handlers().use(new AllowAllMiddleware.AllowAll());
            }
            CountingTransport transport = new CountingTransport();
            Connection connection = engine.open(transport);
            engine.onMessage(connection, "{\"event\":\"#handshake\",\"data\":{},\"cid\":1}");
            return new Node(engine, connection, transport, invoke ? INVOKED_PING : PING, () -> { });
        }

        /** The engine with monitoring counters on, sampled every second as the server's runtime does. */
        static Node sampled() {
            EngineCounters counters = new EngineCounters(true);
            Node node = start(counters, false, true);
            MetricsSampler sampler = new MetricsSampler(() -> NodeCounters.of(
                    counters.snapshot(node.engine().localConnectionCount()), node.engine().sendQueueDepth(),
                    counters.takeInvokeLatency(), 0, 0), new ThreadCpuSampler(), MetricsSampler.JvmGauges.PLATFORM, System::nanoTime, System::currentTimeMillis);
            ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("bench-metrics"));
            timer.scheduleAtFixedRate(sampler::tick, 1, 1, TimeUnit.SECONDS);
            return new Node(node.engine(), node.connection(), node.transport(), node.ping(), timer::shutdownNow);
        }

        /** Pings for {@code seconds}; returns pings per second. */
        double run(double seconds) {
            long end = System.nanoTime() + (long) (seconds * 1e9);
            long start = System.nanoTime();
            long pings = 0;
            while (System.nanoTime() < end) {
                for (int i = 0; i < 1000; i++) {
                    engine.onMessage(connection, ping);
                }
                pings += 1000;
            }
            return pings / ((System.nanoTime() - start) / 1e9);
        }

        void stop() throws Exception {
            extra.close();
            engine.close();
        }
    }

    public static void main(String[] args) throws Exception {
        String comparison = args.length > 0 ? args[0] : "middleware";
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        double seconds = args.length > 2 ? Double.parseDouble(args[2]) : 1;
        double warmup = args.length > 3 ? Double.parseDouble(args[3]) : 30;
        String[] names;
        Node a;
        Node b;
        switch (comparison) {
            case "middleware" -> {
                names = new String[] {"none", "allow-all"};
                a = Node.start(EngineObserver.NONE, false, false);
                b = Node.start(EngineObserver.NONE, true, false);
            }
            case "metrics" -> {
                names = new String[] {"metrics off", "metrics on"};
                a = Node.start(new EngineCounters(false), false, true);
                b = Node.sampled();
            }
            default -> throw new IllegalArgumentException("compare middleware or metrics, not " + comparison);
        }
        a.run(warmup / 2);
        b.run(warmup / 2);
        double[] withA = new double[rounds];
        double[] withB = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            // short rounds, and the order swapped every round, so that a slow spell of the machine hits both
            if (r % 2 == 0) {
                withA[r] = a.run(seconds);
                withB[r] = b.run(seconds);
            } else {
                withB[r] = b.run(seconds);
                withA[r] = a.run(seconds);
            }
            System.out.printf("round %d: %s %,.0f pings/s, %s %,.0f pings/s (%.3f)%n", r + 1, names[0], withA[r],
                    names[1], withB[r], withB[r] / withA[r]);
        }
        double medianA = median(withA);
        double medianB = median(withB);
        System.out.printf("median: %s %,.0f, %s %,.0f pings/s; %s / %s = %.3f (cost %.1f %%)%n", names[0], medianA,
                names[1], medianB, names[1], names[0], medianB / medianA, 100 * (1 - medianB / medianA));
        if (a.transport().written == 0 || b.transport().written == 0) {
            throw new IllegalStateException("nothing was written: the benchmark measured nothing");
        }
        a.stop();
        b.stop();
    }

    /** The median of {@code values} (also used by the other benchmarks of this package). */
    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}

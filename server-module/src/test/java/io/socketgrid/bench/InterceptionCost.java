package io.socketgrid.bench;

import io.socketgrid.broker.HistoryPolicy;
import io.socketgrid.broker.InMemoryBroker;
import io.socketgrid.config.SocketGridConfig;
import io.socketgrid.engine.Connection;
import io.socketgrid.engine.SocketGridEngine;
import io.socketgrid.engine.Transport;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A benchmark, not a test: the engine's own cost per thesis ping (decode, interception, handler, encode,
 * queue) with no middleware and with one allow-all middleware that overrides all six hooks, in one JVM,
 * alternating rounds so that JIT and machine noise hit both alike. Prints pings/s per round and the ratio of
 * the medians. {@code scripts/bench.sh interception} runs it pinned to one core.
 *
 * <p>Usage: {@code InterceptionCost [rounds=30] [seconds per round=1] [warm-up seconds=30]}; the ratio of the
 * medians is the figure, the per-round ratios show the noise.
 */
public final class InterceptionCost {

    private static final String PING = "{\"event\":\"ping\",\"data\":{\"param\":\"pong\"}}";

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

    private record Node(SocketGridEngine engine, Connection connection, CountingTransport transport) {
        static Node start(boolean middleware) {
            SocketGridConfig config = SocketGridConfig.load(Map.of("inboundRate", "0")::get);
            SocketGridEngine engine = SocketGridEngine.builder(config,
                    new InMemoryBroker(new HistoryPolicy(10, Duration.ofMinutes(1)))).build();
            engine.handlers().onTransmit("ping", (socket, data) -> socket.transmit("pong", 1));
            if (middleware) {
                engine.handlers().use(new AllowAllMiddleware.AllowAll());
            }
            CountingTransport transport = new CountingTransport();
            Connection connection = engine.open(transport);
            engine.onMessage(connection, "{\"event\":\"#handshake\",\"data\":{},\"cid\":1}");
            return new Node(engine, connection, transport);
        }

        /** Pings for {@code seconds}; returns pings per second. */
        double run(double seconds) {
            long end = System.nanoTime() + (long) (seconds * 1e9);
            long start = System.nanoTime();
            long pings = 0;
            while (System.nanoTime() < end) {
                for (int i = 0; i < 1000; i++) {
                    engine.onMessage(connection, PING);
                }
                pings += 1000;
            }
            return pings / ((System.nanoTime() - start) / 1e9);
        }
    }

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 1;
        double warmup = args.length > 2 ? Double.parseDouble(args[2]) : 30;
        Node none = Node.start(false);
        Node allowAll = Node.start(true);
        none.run(warmup / 2);
        allowAll.run(warmup / 2);
        double[] withNone = new double[rounds];
        double[] withAllowAll = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            // short rounds, and the order swapped every round, so that a slow spell of the machine hits both
            if (r % 2 == 0) {
                withNone[r] = none.run(seconds);
                withAllowAll[r] = allowAll.run(seconds);
            } else {
                withAllowAll[r] = allowAll.run(seconds);
                withNone[r] = none.run(seconds);
            }
            System.out.printf("round %d: none %,.0f pings/s, allow-all %,.0f pings/s (%.3f)%n", r + 1, withNone[r],
                    withAllowAll[r], withAllowAll[r] / withNone[r]);
        }
        double a = median(withNone);
        double b = median(withAllowAll);
        System.out.printf("median: none %,.0f, allow-all %,.0f pings/s; allow-all / none = %.3f (cost %.1f %%)%n",
                a, b, b / a, 100 * (1 - b / a));
        if (none.transport().written == 0 || allowAll.transport().written == 0) {
            throw new IllegalStateException("no pong was written: the benchmark measured nothing");
        }
        none.engine().close();
        allowAll.engine().close();
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}

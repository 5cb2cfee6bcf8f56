package io.socketgrid.bench;

import io.socketgrid.broker.Broker;
import io.socketgrid.broker.ChannelMessage;
import io.socketgrid.broker.HistoryPolicy;
import io.socketgrid.broker.InMemoryBroker;
import io.socketgrid.broker.MessageData;
import io.socketgrid.broker.Recovery;
import io.socketgrid.broker.StreamPosition;
import io.socketgrid.config.SocketGridConfig;
import io.socketgrid.engine.Connection;
import io.socketgrid.engine.SocketGridEngine;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;

import java.io.StringReader;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;

/**
 * A benchmark, not a test: what a subscribing node pays per channel message it forwards from the broker to a
 * local socket (the work of the {@code socketgrid-broker} thread in a cluster), bytes allocated and time, in two
 * set-ups of one JVM, alternating rounds:
 * <ul>
 *   <li>{@code parsed}: the message arrives as a JSON-P value parsed from the ringbuffer's text and is written
 *       again for the socket, as every node did before data travelled as text;</li>
 *   <li>{@code text}: the message arrives as the stored text ({@link MessageData#ofText}) and is copied into the
 *       frame, as the Hazelcast broker hands it over now.</li>
 * </ul>
 * The message is the cluster benchmark's {@code {"seq":…,"t":…}}, its texts made beforehand. With several sockets
 * the figures are per message, for all of them (the frame is built once per node). Usage:
 * {@code ForwardCost [rounds=10] [messages per round=1000000] [sockets=1]}.
 */
public final class ForwardCost {

    private static final JsonProvider JSON = JsonProvider.provider();
    private static final String CHANNEL = "bench";
    /** Ringbuffer items as the publishing node stored them. */
    private static final String[] STORED = new String[1024];

    static {
        for (int i = 0; i < STORED.length; i++) {
            STORED[i] = JSON.createObjectBuilder().add("seq", 1_000_000 + i).add("t", 1_234_567.891 + i).build().toString();
        }
    }

    /**
     * The in-memory broker, except that it keeps each channel's listener for the benchmark, which hands messages
     * over as a broker's reader would (the subscription's own stream stays empty).
     */
    private static final class CapturingBroker implements Broker {
        final Map<String, ChannelListener> listeners = new ConcurrentHashMap<>();
        private final InMemoryBroker streams = new InMemoryBroker(new HistoryPolicy(1, Duration.ofMinutes(1)));

        @Override
        public Subscription subscribe(String channel, ChannelListener listener) {
            listeners.put(channel, listener);
            return streams.subscribe(channel, message -> { });
        }

        @Override
        public CompletionStage<ChannelMessage> publish(String channel, JsonValue data) {
            throw new UnsupportedOperationException("the benchmark only delivers");
        }

        @Override
        public CompletionStage<Recovery> recover(String channel, StreamPosition since, int limit) {
            throw new UnsupportedOperationException("the benchmark only delivers");
        }

        @Override
        public String describe() {
            return "capturing";
        }

        @Override
        public void close() {
            listeners.clear();
            streams.close();
        }
    }

    /** One engine with {@code sockets} sockets subscribed to {@link #CHANNEL}, fed on the calling thread. */
    private static final class Node {
        final SocketGridEngine engine;
        final EngineCost.CountingTransport transport = new EngineCost.CountingTransport(); // shared by the sockets
        final Broker.ChannelListener channel;
        final BiFunction<String, Long, ChannelMessage> arrival;
        long offset;

        Node(BiFunction<String, Long, ChannelMessage> arrival, int sockets) {
            CapturingBroker broker = new CapturingBroker();
            SocketGridConfig config = SocketGridConfig.load(
                    Map.of("inboundRate", "0", "pingInterval", "1h", "pingTimeout", "2h")::get);
            engine = SocketGridEngine.builder(config, broker).build();
            for (int s = 0; s < sockets; s++) {
                Connection connection = engine.open(transport);
                engine.onMessage(connection, "{\"event\":\"#handshake\",\"data\":{},\"cid\":1}");
                engine.onMessage(connection, "{\"event\":\"#subscribe\",\"data\":{\"channel\":\"bench\"},\"cid\":2}");
            }
            channel = broker.listeners.get(CHANNEL);
            this.arrival = arrival;
        }

        /** Forwards {@code count} messages; returns {bytes allocated, nanoseconds} per message. */
        double[] run(int count) {
            com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            long bytes = threads.getCurrentThreadAllocatedBytes();
            long start = System.nanoTime();
            for (int i = 0; i < count; i++) {
                long seq = offset++;
                channel.onMessages(List.of(arrival.apply(STORED[(int) (seq % STORED.length)], seq)));
            }
            long nanos = System.nanoTime() - start;
            return new double[] {(threads.getCurrentThreadAllocatedBytes() - bytes) / (double) count, nanos / (double) count};
        }
    }

    private static ChannelMessage parsed(String stored, long offset) {
        try (var reader = JSON.createReader(new StringReader(stored))) {
            return new ChannelMessage(CHANNEL, "e1", offset, reader.readValue());
        }
    }

    private static ChannelMessage text(String stored, long offset) {
        return new ChannelMessage(CHANNEL, "e1", offset, MessageData.ofText(stored, JSON));
    }

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int messages = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
        int sockets = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        Node parsed = new Node(ForwardCost::parsed, sockets);
        Node text = new Node(ForwardCost::text, sockets);
        parsed.run(messages);
        text.run(messages);
        double[][] results = new double[4][rounds];
        for (int r = 0; r < rounds; r++) {
            double[] p;
            double[] t;
            if (r % 2 == 0) { // the order swapped every round, so that a slow spell of the machine hits both
                p = parsed.run(messages);
                t = text.run(messages);
            } else {
                t = text.run(messages);
                p = parsed.run(messages);
            }
            results[0][r] = p[0];
            results[1][r] = p[1];
            results[2][r] = t[0];
            results[3][r] = t[1];
            System.out.printf("round %d: parsed %.0f B %.0f ns, text %.0f B %.0f ns per message%n", r + 1, p[0], p[1], t[0], t[1]);
        }
        System.out.printf("median per message: parsed %.0f bytes, %.0f ns; text %.0f bytes, %.0f ns (text / parsed: %.2f, %.2f)%n",
                EngineCost.median(results[0]), EngineCost.median(results[1]), EngineCost.median(results[2]),
                EngineCost.median(results[3]), EngineCost.median(results[2]) / EngineCost.median(results[0]),
                EngineCost.median(results[3]) / EngineCost.median(results[1]));
        if (parsed.transport.written < (long) messages * sockets || text.transport.written < (long) messages * sockets) {
            throw new IllegalStateException("the socket did not get the messages: the benchmark measured nothing");
        }
        parsed.engine.close();
        text.engine.close();
    }
}

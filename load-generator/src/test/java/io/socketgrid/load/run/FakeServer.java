package io.socketgrid.load.run;

import io.socketgrid.client.protocol.ClientCodec;
import io.socketgrid.client.protocol.FrameSink;
import io.socketgrid.client.transport.Transport;
import io.socketgrid.client.transport.Wire;
import io.socketgrid.client.transport.WireListener;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiPredicate;

/**
 * A SocketCluster v2 server and its transport in one, on a {@link ManualScheduler}: every connection opens and
 * every frame is answered {@code latency} later. Handles {@code #handshake}, the thesis {@code ping} (answered
 * with its count), its file variant {@code ping.file} (answered with {@code size} zero bytes in base64), {@code #subscribe} and {@code #publish} (delivered to every subscriber, where
 * {@link #deliver} allows: tests drop or repeat deliveries with it).
 */
public final class FakeServer implements Transport {

    private final ManualScheduler scheduler;
    private final long latency;
    private final ClientCodec codec = new ClientCodec();
    public final List<InetAddress> sources = new ArrayList<>();
    public final List<Connection> connections = new ArrayList<>();
    private final Map<String, List<Connection>> channels = new LinkedHashMap<>();
    public long pings;
    /** False: pings are never answered (a stalled server). */
    public boolean answerPings = true;
    public long closedByClient;
    /** Whether (subscriber index, seq) is delivered; a true from {@link #repeat} delivers it twice. */
    public BiPredicate<Integer, Long> deliver = (subscriber, seq) -> true;
    public BiPredicate<Integer, Long> repeat = (subscriber, seq) -> false;
    /** Extra time a channel message takes to reach a subscriber (a server with a backlog). */
    public Duration deliveryDelay = Duration.ZERO;
    /** Bytes added to the file a {@code ping.file} asks for (a server answering the wrong size). */
    public int fileSizeError;
    /** Connections from this index on are refused at the handshake. */
    public int refuseFrom = Integer.MAX_VALUE;

    public FakeServer(ManualScheduler scheduler, Duration latency) {
        this.scheduler = scheduler;
        this.latency = latency.toNanos();
    }

    @Override
    public void open(URI uri, InetAddress localAddress, Duration connectTimeout, WireListener listener) {
        sources.add(localAddress);
        Connection connection = new Connection(connections.size(), listener);
        connections.add(connection);
        scheduler.schedule(latency, () -> listener.opened(connection));
    }

    @Override
    public void close() {
    }

    /** Ends connection {@code index} as a broken TCP connection would. */
    public void drop(int index) {
        Connection connection = connections.get(index);
        connection.closed = true;
        connection.listener.closed(1006, "dropped by the fake server");
    }

    public final class Connection implements Wire, FrameSink {
        final int index;
        final WireListener listener;
        boolean closed;
        public final List<String> received = new ArrayList<>();
        /** When each ping arrived (scheduler nanoseconds). */
        public final List<Long> pingTimes = new ArrayList<>();

        Connection(int index, WireListener listener) {
            this.index = index;
            this.listener = listener;
        }

        @Override
        public boolean sendText(String text) {
            if (closed) {
                return false;
            }
            received.add(text);
            scheduler.schedule(latency, () -> codec.decode(text, this));
            return true;
        }

        @Override
        public void close(int code, String reason) {
            if (!closed) {
                closed = true;
                closedByClient++;
                scheduler.schedule(latency, () -> listener.closed(code, reason));
            }
        }

        @Override
        public void abort() {
            closed = true;
        }

        private void reply(String frame) {
            scheduler.schedule(latency, () -> {
                if (!closed) {
                    listener.text(frame);
                }
            });
        }

        @Override
        public void heartbeat() {
        }

        @Override
        public void event(String event, JsonValue data, long cid) {
            switch (event) {
                case "#handshake" -> {
                    if (index >= refuseFrom) {
                        reply(Json.createObjectBuilder().add("rid", cid).add("error", Json.createObjectBuilder()
                                .add("name", "HandshakeRefused").add("message", "no")).build().toString());
                    } else {
                        reply(answer(cid, Json.createObjectBuilder().add("id", "s" + index).add("pingTimeout", 20000).build()));
                    }
                }
                case "ping" -> {
                    pingTimes.add(scheduler.nanoTime());
                    if (answerPings) {
                        reply(answer(cid, Json.createValue(++pings)));
                    }
                }
                case "ping.file" -> {
                    pingTimes.add(scheduler.nanoTime());
                    int size = data.asJsonObject().getInt("size");
                    String base64 = java.util.Base64.getEncoder().encodeToString(new byte[size + fileSizeError]);
                    reply(answer(cid, Json.createObjectBuilder().add("count", ++pings).add("name", "foo.txt")
                            .add("size", size).add("data", base64).build()));
                }
                case "#subscribe" -> {
                    channels.computeIfAbsent(data.asJsonObject().getString("channel"), c -> new ArrayList<>()).add(this);
                    reply(answer(cid, JsonValue.EMPTY_JSON_OBJECT));
                }
                case "#publish" -> {
                    JsonObject message = data.asJsonObject();
                    reply(answer(cid, JsonValue.NULL));
                    String delivery = Json.createObjectBuilder().add("event", "#publish").add("data", message).build().toString();
                    long seq = message.getJsonObject("data").getJsonNumber("seq").longValue();
                    for (Connection subscriber : channels.getOrDefault(message.getString("channel"), List.of())) {
                        if (deliver.test(subscriber.index, seq)) {
                            scheduler.schedule(deliveryDelay.toNanos(), () -> {
                                subscriber.reply(delivery);
                                if (repeat.test(subscriber.index, seq)) {
                                    subscriber.reply(delivery);
                                }
                            });
                        }
                    }
                }
                default -> reply(Json.createObjectBuilder().add("rid", cid).add("error", Json.createObjectBuilder()
                        .add("name", "NoProcedureError").add("message", event)).build().toString());
            }
        }

        private String answer(long cid, JsonValue data) {
            return Json.createObjectBuilder().add("rid", cid).add("data", data).build().toString();
        }

        @Override
        public void response(long rid, JsonValue data) {
        }

        @Override
        public void errorResponse(long rid, String name, String message) {
        }

        @Override
        public void invalid(String detail) {
            throw new AssertionError("the load client sent an invalid frame: " + detail);
        }
    }
}

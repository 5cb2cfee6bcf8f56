package io.socketgrid.engine;

import io.socketgrid.api.ClientSocket;
import io.socketgrid.api.Middleware;
import io.socketgrid.broker.Broker;
import io.socketgrid.broker.ChannelMessage;
import io.socketgrid.broker.HistoryPolicy;
import io.socketgrid.broker.InMemoryBroker;
import io.socketgrid.broker.MessageData;
import io.socketgrid.broker.Recovery;
import io.socketgrid.broker.StreamPosition;
import io.socketgrid.config.SocketGridConfig;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Channel messages that reach a node together (as the Hazelcast broker hands over what one ringbuffer read
 * returned) go to each subscriber as SocketCluster batches: in offset order, within {@code deliveryBatchBytes}.
 */
class BatchedDeliveryTest {

    private final HeldBackBroker broker = new HeldBackBroker();
    private final EngineCounters counters = new EngineCounters();
    private SocketGridEngine engine;
    private String lastEpoch; // of the last subscribe's answer

    private SocketGridEngine start(Map<String, String> settings) {
        engine = SocketGridEngine.builder(SocketGridConfig.load(settings::get), broker).observer(counters).build();
        return engine;
    }

    @AfterEach
    void stop() {
        engine.close();
        broker.close();
    }

    /** A handshaken socket subscribed to {@code channel}; the answer's epoch is kept in {@link #lastEpoch}. */
    private TestSocket subscribed(String channel) throws InterruptedException {
        JsonObject data = Json.createObjectBuilder().add("channel", channel).build();
        TestSocket socket = TestSocket.open(engine, UpgradeRequest.UNKNOWN);
        socket.send("{\"event\":\"#handshake\",\"data\":{},\"cid\":1}");
        assertEquals(1, socket.next().getInt("rid"));
        socket.send(Json.createObjectBuilder().add("event", "#subscribe").add("data", data).add("cid", 2).build().toString());
        JsonObject answer = socket.next();
        assertEquals(2, answer.getInt("rid"));
        assertFalse(answer.containsKey("error"), answer::toString);
        lastEpoch = answer.getJsonObject("data").getString("epoch");
        return socket;
    }

    private void publish(String channel, int count, String text) throws Exception {
        for (int i = 0; i < count; i++) {
            engine.publish(channel, text + i).toCompletableFuture().get(5, TimeUnit.SECONDS);
        }
    }

    /** The #publish frames of one text message: itself, or each element of a batch. */
    private static List<JsonObject> frames(String message) {
        JsonValue value = Json.createReader(new StringReader(message)).readValue();
        return value instanceof JsonArray batch ? batch.getValuesAs(JsonObject.class) : List.of(value.asJsonObject());
    }

    /** Reads messages until {@code count} deliveries came; returns the messages. */
    private static List<String> messagesFor(TestSocket socket, int count) throws InterruptedException {
        List<String> messages = new ArrayList<>();
        int deliveries = 0;
        while (deliveries < count) {
            String message = socket.transport().nextFrame();
            messages.add(message);
            deliveries += frames(message).size();
        }
        return messages;
    }

    private static List<Long> offsets(List<String> messages) {
        return messages.stream().flatMap(m -> frames(m).stream())
                .peek(frame -> assertEquals("#publish", frame.getString("event")))
                .map(frame -> frame.getJsonObject("data").getJsonNumber("offset").longValue()).toList();
    }

    @Test
    void messagesArrivingTogetherGoToEverySubscriberAsOneBatch() throws Exception {
        start(Map.of());
        TestSocket first = subscribed("feed");
        TestSocket second = subscribed("feed");
        publish("feed", 5, "m");
        broker.release("feed");

        String batch = first.transport().nextFrame();
        assertEquals(batch, second.transport().nextFrame(), "the same batch for both");
        List<JsonObject> frames = frames(batch);
        assertEquals(5, frames.size());
        for (int i = 0; i < 5; i++) {
            assertEquals("m" + i, frames.get(i).getJsonObject("data").getString("data"));
            assertEquals("feed", frames.get(i).getJsonObject("data").getString("channel"));
        }
        assertEquals(LongStream.range(0, 5).boxed().toList(), offsets(List.of(batch)));
        assertEquals(10, counters.snapshot(0).deliveries(), "each message of the batch counts, for each subscriber");
    }

    @Test
    void dataThatArrivedAsTextGoesOutAsThatTextWithoutBeingWrittenAgain() throws Exception {
        start(Map.of());
        List<TestSocket> subscribers = List.of(subscribed("feed"), subscribed("feed"));
        publish("feed", 2, "m");
        String stored = "{ \"as\" : [1, 2] }"; // a JSON-P writer leaves out the spaces: they show the text was copied
        broker.storeAsText("feed", stored);
        broker.release("feed");

        for (TestSocket socket : subscribers) {
            String batch = socket.transport().nextFrame();
            String copied = ",\"data\":" + stored + ",\"epoch\":";
            assertEquals(2, (batch.length() - batch.replace(copied, "").length()) / copied.length(), batch);
            for (JsonObject frame : frames(batch)) {
                assertEquals(Json.createReader(new StringReader(stored)).readValue(), frame.getJsonObject("data").get("data"));
            }
        }
    }

    @Test
    void messagesTheNodeNeverReceivedAreAnnouncedWithAGapBeforeTheNextOne() throws Exception {
        start(Map.of());
        List<TestSocket> subscribers = List.of(subscribed("feed"), subscribed("feed"));
        publish("feed", 6, "m");
        broker.release("feed", 2);
        broker.overwrite("feed", 2);
        broker.release("feed");

        for (TestSocket socket : subscribers) {
            assertEquals(List.of(0L, 1L), offsets(List.of(socket.transport().nextFrame())));
            JsonObject gap = socket.next();
            assertEquals("#gap", gap.getString("event"));
            assertEquals(Json.createObjectBuilder().add("channel", "feed").add("epoch", lastEpoch).add("from", 2).add("to", 3).build(),
                    gap.getJsonObject("data"));
            assertEquals(List.of(4L, 5L), offsets(List.of(socket.transport().nextFrame())));
        }
        assertEquals(2, counters.snapshot(0).channelMessagesSkipped(), "counted once for the node, not per socket");
        assertEquals(8, counters.snapshot(0).deliveries());
    }

    @Test
    void aGapRightAfterTheSubscriptionStartIsAnnouncedToo() throws Exception {
        start(Map.of());
        TestSocket socket = subscribed("feed");
        publish("feed", 3, "m");
        broker.overwrite("feed", 1);
        broker.release("feed");

        JsonObject gap = socket.next();
        assertEquals("#gap", gap.getString("event"));
        assertEquals(0, gap.getJsonObject("data").getInt("from"));
        assertEquals(0, gap.getJsonObject("data").getInt("to"));
        assertEquals(List.of(1L, 2L), offsets(List.of(socket.transport().nextFrame())));
        assertEquals(1, counters.snapshot(0).channelMessagesSkipped());
    }

    @Test
    void aMemberStillRecoveringWhenTheNodeSkippedMessagesIsToldWithAGapWhenItGoesLive() throws Exception {
        start(Map.of());
        TestSocket live = subscribed("feed");
        publish("feed", 2, "m");
        broker.release("feed");
        assertEquals(List.of(0L, 1L), offsets(List.of(live.transport().nextFrame())));

        broker.holdRecoveries(); // the joining socket stays pending: its recovery (nothing after 1) is answered later
        TestSocket joining = TestSocket.open(engine, UpgradeRequest.UNKNOWN);
        joining.send("{\"event\":\"#handshake\",\"data\":{},\"cid\":1}");
        assertEquals(1, joining.next().getInt("rid"));
        joining.send(Json.createObjectBuilder().add("event", "#subscribe").add("data", Json.createObjectBuilder()
                .add("channel", "feed").add("recover", Json.createObjectBuilder().add("epoch", lastEpoch).add("offset", 1)))
                .add("cid", 2).build().toString());
        publish("feed", 4, "n"); // offsets 2..5, of which the node never gets 2 and 3
        broker.overwrite("feed", 2);
        broker.release("feed");
        assertEquals("#gap", live.next().getString("event"));
        assertEquals(List.of(4L, 5L), offsets(List.of(live.transport().nextFrame())));

        broker.releaseRecoveries(); // nothing to recover after 1; then what was held for it: 4 and 5
        JsonObject gap = joining.next();
        assertEquals("#gap", gap.getString("event"));
        assertEquals(Json.createObjectBuilder().add("channel", "feed").add("epoch", lastEpoch).add("from", 2).add("to", 3).build(),
                gap.getJsonObject("data"));
        assertEquals(List.of(4L, 5L), offsets(messagesFor(joining, 2)));
        JsonObject answer = joining.next();
        assertEquals(2, answer.getInt("rid"));
        assertTrue(answer.getJsonObject("data").getBoolean("recovered"), answer::toString);
        assertEquals(2, counters.snapshot(0).channelMessagesSkipped(), "counted once for the node");
    }

    @Test
    void aMessageTheOutboundMiddlewareDropsInTheMiddleOfABatchIsLeftOutOfThatSocketsBatchOnly() throws Exception {
        start(Map.of());
        TestSocket open = subscribed("feed");
        TestSocket strict = subscribed("feed");
        String strictId = strict.connection().id();
        engine.handlers().use(new Middleware() {
            @Override
            public boolean onPublishOut(ClientSocket socket, String channel, JsonValue data) {
                return !(socket.id().equals(strictId) && data.equals(Json.createValue("m2")));
            }
        });
        publish("feed", 5, "m");
        broker.release("feed");

        assertEquals(LongStream.range(0, 5).boxed().toList(), offsets(List.of(open.transport().nextFrame())));
        assertEquals(List.of(0L, 1L, 3L, 4L), offsets(List.of(strict.transport().nextFrame())), "one batch without m2");
        assertEquals(9, counters.snapshot(0).deliveries());
    }

    @Test
    void batchesStayWithinTheLimitAndKeepTheOrder() throws Exception {
        int limit = 400;
        start(Map.of("deliveryBatchBytes", String.valueOf(limit)));
        TestSocket socket = subscribed("feed");
        publish("feed", 40, "a message of some forty characters, no. ");
        broker.release("feed");

        List<String> messages = messagesFor(socket, 40);
        assertEquals(LongStream.range(0, 40).boxed().toList(), offsets(messages));
        assertTrue(messages.size() > 1 && messages.size() < 40, messages.size() + " messages");
        for (String message : messages) {
            assertTrue(message.getBytes(StandardCharsets.UTF_8).length <= limit, message);
        }
    }

    @Test
    void withBatchesOffEveryDeliveryIsItsOwnMessage() throws Exception {
        start(Map.of("deliveryBatchBytes", "0"));
        TestSocket socket = subscribed("feed");
        publish("feed", 4, "m");
        broker.release("feed");

        List<String> messages = messagesFor(socket, 4);
        assertEquals(4, messages.size());
        assertEquals(LongStream.range(0, 4).boxed().toList(), offsets(messages));
    }

    @Test
    void aSubscriberThatRecoveredPartOfABatchGetsOnlyTheRestOnceInOrder() throws Exception {
        start(Map.of());
        TestSocket early = subscribed("feed");
        publish("feed", 3, "m"); // offsets 0..2, stored but not yet handed to the node
        // recovers from offset 0 out of the history: 1 and 2, before the held batch 0..4 reaches the node
        TestSocket late = TestSocket.open(engine, UpgradeRequest.UNKNOWN);
        late.send("{\"event\":\"#handshake\",\"data\":{},\"cid\":1}");
        assertEquals(1, late.next().getInt("rid"));
        late.send(Json.createObjectBuilder().add("event", "#subscribe").add("data", Json.createObjectBuilder()
                .add("channel", "feed").add("recover", Json.createObjectBuilder().add("epoch", lastEpoch).add("offset", 0)))
                .add("cid", 2).build().toString());
        List<String> lateMessages = new ArrayList<>(messagesFor(late, 2)); // the recovered ones come first
        assertEquals(2, late.next().getInt("rid"));
        publish("feed", 2, "m");
        broker.release("feed");

        assertEquals(LongStream.range(0, 5).boxed().toList(), offsets(messagesFor(early, 5)));
        lateMessages.addAll(messagesFor(late, 2));
        assertEquals(List.of(1L, 2L, 3L, 4L), offsets(lateMessages));
        assertEquals(List.of(3L, 4L), offsets(List.of(lateMessages.get(lateMessages.size() - 1))),
                "the part of the batch it had not had, as one batch");
    }

    /**
     * The in-memory broker, except that each subscription's deliveries wait until {@link #release} hands them
     * over in one {@link Broker.ChannelListener#onMessages} call, as a batch read of the Hazelcast broker does.
     */
    private static final class HeldBackBroker implements Broker {
        private static final JsonProvider JSON = JsonProvider.provider();
        private final InMemoryBroker delegate = new InMemoryBroker(new HistoryPolicy(100, Duration.ofMinutes(1)));
        private final List<Held> subscriptions = new ArrayList<>();
        private List<Runnable> heldRecoveries; // null: recoveries are answered at once

        private record Held(String channel, ChannelListener listener, List<ChannelMessage> waiting) {
        }

        @Override
        public synchronized Subscription subscribe(String channel, ChannelListener listener) {
            Held held = new Held(channel, listener, new ArrayList<>());
            subscriptions.add(held);
            return delegate.subscribe(channel, message -> {
                synchronized (HeldBackBroker.this) {
                    held.waiting().add(message);
                }
            });
        }

        void release(String channel) {
            release(channel, Integer.MAX_VALUE);
        }

        /** Hands over the first {@code count} waiting messages of {@code channel}, as one read. */
        void release(String channel, int count) {
            List<Held> matching;
            synchronized (this) {
                matching = subscriptions.stream().filter(h -> h.channel().equals(channel)).toList();
            }
            for (Held held : matching) {
                List<ChannelMessage> messages;
                synchronized (this) {
                    List<ChannelMessage> taken = held.waiting().subList(0, Math.min(count, held.waiting().size()));
                    messages = List.copyOf(taken);
                    taken.clear();
                }
                if (!messages.isEmpty()) {
                    held.listener().onMessages(messages);
                }
            }
        }

        /** Gives the waiting messages of {@code channel} {@code text} as their data, as read back from a ringbuffer. */
        synchronized void storeAsText(String channel, String text) {
            subscriptions.stream().filter(h -> h.channel().equals(channel)).forEach(held -> held.waiting().replaceAll(
                    m -> new ChannelMessage(m.channel(), m.epoch(), m.offset(), MessageData.ofText(text, JSON))));
        }

        /** Drops the first {@code count} waiting messages of {@code channel}, as a ringbuffer that overwrote them. */
        synchronized void overwrite(String channel, int count) {
            subscriptions.stream().filter(h -> h.channel().equals(channel))
                    .forEach(held -> held.waiting().subList(0, count).clear());
        }

        @Override
        public CompletionStage<ChannelMessage> publish(String channel, JsonValue data) {
            return delegate.publish(channel, data);
        }

        /** From now on, recoveries are answered (with what the history held when asked) only at {@link #releaseRecoveries}. */
        synchronized void holdRecoveries() {
            heldRecoveries = new ArrayList<>();
        }

        void releaseRecoveries() {
            List<Runnable> answers;
            synchronized (this) {
                answers = heldRecoveries;
                heldRecoveries = null;
            }
            answers.forEach(Runnable::run);
        }

        @Override
        public CompletionStage<Recovery> recover(String channel, StreamPosition since, int limit) {
            CompletionStage<Recovery> now = delegate.recover(channel, since, limit);
            synchronized (this) {
                if (heldRecoveries == null) {
                    return now;
                }
                CompletableFuture<Recovery> later = new CompletableFuture<>();
                heldRecoveries.add(() -> now.thenAccept(later::complete));
                return later;
            }
        }

        @Override
        public String describe() {
            return "held back " + delegate.describe();
        }

        @Override
        public void close() {
            delegate.close();
        }
    }
}

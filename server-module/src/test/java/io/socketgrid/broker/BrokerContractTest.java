package io.socketgrid.broker;

import jakarta.json.Json;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The {@link Broker} contract, run against every implementation (shipped in the test-jar). An implementation's
 * test provides two nodes of one cluster; a single-node broker may give the same instance twice.
 */
public abstract class BrokerContractTest {

    protected static final long WAIT_SECONDS = 10;
    /** The history every node of the suite is made with. */
    protected static final HistoryPolicy HISTORY = new HistoryPolicy(10, Duration.ofMinutes(1));

    /** Two nodes of one cluster with {@link #HISTORY}, ready to use; the suite closes them. */
    protected abstract List<Broker> twoNodes() throws Exception;

    protected Broker a;
    protected Broker b;

    @BeforeEach
    void startNodes() throws Exception {
        List<Broker> nodes = twoNodes();
        a = nodes.get(0);
        b = nodes.get(1);
    }

    @AfterEach
    void stopNodes() {
        a.close();
        if (b != a) {
            b.close();
        }
    }

    protected static <T> T await(CompletionStage<T> stage) throws Exception {
        return stage.toCompletableFuture().get(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    /** Collects deliveries; every wait is bounded and asserted. */
    protected static final class Recorder implements Broker.ChannelListener {
        private final BlockingQueue<ChannelMessage> received = new LinkedBlockingQueue<>();

        @Override
        public void onMessage(ChannelMessage message) {
            received.add(message);
        }

        public ChannelMessage next() throws InterruptedException {
            ChannelMessage message = received.poll(WAIT_SECONDS, TimeUnit.SECONDS);
            assertNotNull(message, "no message within " + WAIT_SECONDS + " s");
            return message;
        }

        public ChannelMessage nextIfAny() {
            return received.poll();
        }
    }

    /** Subscribes and waits until the subscription is live. */
    protected static Broker.Subscription live(Broker node, String channel, Recorder recorder) throws Exception {
        Broker.Subscription subscription = node.subscribe(channel, recorder);
        assertNotNull(await(subscription.ready()));
        return subscription;
    }

    protected static JsonValue n(long value) {
        return Json.createValue(value);
    }

    @Test
    void publishReachesSubscribersOnBothNodesOnce() throws Exception {
        Recorder onA = new Recorder();
        Recorder onB = new Recorder();
        live(a, "c", onA);
        live(b, "c", onB);
        ChannelMessage first = await(a.publish("c", n(1)));
        await(a.publish("c", n(2)));
        for (Recorder recorder : List.of(onA, onB)) {
            ChannelMessage one = recorder.next();
            assertEquals(n(1), one.data());
            assertEquals(first, one);
            assertEquals(n(2), recorder.next().data());
        }
        await(a.publish("c", n(3)));
        assertEquals(n(3), onA.next().data());
        assertEquals(n(3), onB.next().data());
        assertNull(onA.nextIfAny(), "a duplicate reached node A");
        assertNull(onB.nextIfAny(), "a duplicate reached node B");
    }

    @Test
    void onePublishersMessagesArriveInOrderWithConsecutiveOffsets() throws Exception {
        Recorder onB = new Recorder();
        StreamPosition start = await(live(b, "ordered", onB).ready());
        int count = 500; // within any reasonable delivery buffer, and more than one batch of the history
        List<CompletionStage<ChannelMessage>> published = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            published.add(a.publish("ordered", n(i)));
        }
        for (int i = 0; i < count; i++) {
            ChannelMessage message = onB.next();
            assertEquals(n(i), message.data());
            assertEquals(start.offset() + 1 + i, message.offset());
            assertEquals(start.epoch(), message.epoch());
        }
        assertEquals(start.offset() + count, await(published.get(count - 1)).offset());
    }

    @Test
    void channelsAreIsolated() throws Exception {
        Recorder news = new Recorder();
        Recorder sport = new Recorder();
        live(b, "news", news);
        live(b, "sport", sport);
        await(a.publish("news", n(1)));
        await(a.publish("sport", n(2)));
        assertEquals(n(1), news.next().data());
        assertEquals(n(2), sport.next().data());
        assertNull(news.nextIfAny());
        assertNull(sport.nextIfAny());
    }

    @Test
    void closedSubscriptionReceivesNothingMore() throws Exception {
        Recorder leaving = new Recorder();
        Recorder staying = new Recorder();
        Broker.Subscription subscription = live(b, "c", leaving);
        live(b, "c", staying);
        await(a.publish("c", n(1)));
        assertEquals(n(1), leaving.next().data());
        assertEquals(n(1), staying.next().data());

        subscription.close();
        subscription.close(); // twice is harmless
        await(a.publish("c", n(2)));
        assertEquals(n(2), staying.next().data());
        assertNull(leaving.nextIfAny(), "delivered after close");
    }

    @Test
    void sameListenerSubscribedTwiceReceivesTwice() throws Exception {
        Recorder twice = new Recorder();
        Broker.Subscription first = live(b, "c", twice);
        live(b, "c", twice);
        await(a.publish("c", n(1)));
        assertEquals(n(1), twice.next().data());
        assertEquals(n(1), twice.next().data());
        first.close();
        await(a.publish("c", n(2)));
        assertEquals(n(2), twice.next().data());
        assertNull(twice.nextIfAny());
    }

    @Test
    void subscriptionStartsAfterTheReadyPosition() throws Exception {
        for (int i = 0; i < 3; i++) {
            await(a.publish("late", n(i)));
        }
        Recorder late = new Recorder();
        StreamPosition ready = await(live(b, "late", late).ready());
        assertEquals(2, ready.offset());
        await(a.publish("late", n(3)));
        ChannelMessage next = late.next();
        assertEquals(3, next.offset());
        assertEquals(ready.epoch(), next.epoch());
        assertNull(late.nextIfAny());
    }

    @Test
    void recoverReturnsExactlyTheMissedMessagesInOrder() throws Exception {
        List<ChannelMessage> published = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            published.add(await(a.publish("h", n(i))));
        }
        Recovery recovery = await(b.recover("h", published.get(1).position(), 100));
        assertTrue(recovery.complete());
        assertEquals(published.subList(2, 5), recovery.messages());
        assertEquals(published.get(4).position(), recovery.position());

        Recovery fromStart = await(a.recover("h", new StreamPosition(published.get(0).epoch(), -1), 100));
        assertTrue(fromStart.complete());
        assertEquals(published, fromStart.messages());

        Recovery upToDate = await(b.recover("h", published.get(4).position(), 100));
        assertTrue(upToDate.complete());
        assertTrue(upToDate.messages().isEmpty());
    }

    @Test
    void recoverSignalsWhenMessagesFellOutOfTheHistory() throws Exception {
        List<ChannelMessage> published = new ArrayList<>();
        for (int i = 0; i < HISTORY.size() + 5; i++) {
            published.add(await(a.publish("overflow", n(i))));
        }
        Recovery lost = await(b.recover("overflow", published.get(0).position(), 100));
        assertFalse(lost.complete());
        assertTrue(lost.messages().isEmpty());
        assertEquals(published.get(published.size() - 1).position(), lost.position());

        // the newest HISTORY.size() messages are still recoverable
        int firstKept = published.size() - HISTORY.size();
        Recovery kept = await(b.recover("overflow", published.get(firstKept - 1).position(), 100));
        assertTrue(kept.complete());
        assertEquals(published.subList(firstKept, published.size()), kept.messages());
    }

    @Test
    void recoverSignalsAForeignEpochOrTooManyMissed() throws Exception {
        ChannelMessage first = await(a.publish("e", n(1)));
        for (int i = 0; i < 4; i++) {
            await(a.publish("e", n(i)));
        }
        assertFalse(await(b.recover("e", new StreamPosition("another-epoch", 0), 100)).complete());
        assertFalse(await(b.recover("e", first.position(), 2)).complete(), "4 missed, limit 2");
    }

    @Test
    void publishWithoutSubscribersIsKeptForRecovery() throws Exception {
        ChannelMessage message = await(a.publish("nobody", n(1)));
        Recorder late = new Recorder();
        live(b, "nobody", late);
        Recovery recovery = await(b.recover("nobody", new StreamPosition(message.epoch(), -1), 10));
        assertEquals(List.of(message), recovery.messages());
        await(a.publish("nobody", n(2)));
        assertEquals(n(2), late.next().data());
    }
}

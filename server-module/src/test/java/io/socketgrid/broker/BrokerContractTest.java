package io.socketgrid.broker;

import jakarta.json.Json;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * The {@link Broker} contract, run against every implementation (shipped in the test-jar). An implementation's
 * test provides two nodes; a single-node broker may give the same instance twice.
 */
public abstract class BrokerContractTest {

    private static final long WAIT_SECONDS = 10;

    /** Two nodes of one cluster, ready to use; the test closes them. */
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

    /** Collects deliveries; every wait is bounded and asserted. */
    protected static final class Recorder implements Broker.ChannelListener {
        private final BlockingQueue<ChannelMessage> received = new LinkedBlockingQueue<>();

        @Override
        public void onMessage(ChannelMessage message) {
            received.add(message);
        }

        ChannelMessage next() throws InterruptedException {
            ChannelMessage message = received.poll(WAIT_SECONDS, TimeUnit.SECONDS);
            assertNotNull(message, "no message within " + WAIT_SECONDS + " s");
            return message;
        }

        ChannelMessage nextIfAny() {
            return received.poll();
        }
    }

    private static ChannelMessage message(String channel, long n) {
        return new ChannelMessage(channel, Json.createValue(n));
    }

    @Test
    void publishReachesSubscribersOnBothNodesOnce() throws Exception {
        Recorder onA = new Recorder();
        Recorder onB = new Recorder();
        a.subscribe("c", onA);
        b.subscribe("c", onB);
        a.publish(message("c", 1));
        a.publish(message("c", 2));
        assertEquals(message("c", 1), onA.next());
        assertEquals(message("c", 2), onA.next());
        assertEquals(message("c", 1), onB.next());
        assertEquals(message("c", 2), onB.next());
        assertNull(onA.nextIfAny(), "a duplicate reached node A");
        assertNull(onB.nextIfAny(), "a duplicate reached node B");
    }

    @Test
    void onePublishersMessagesArriveInOrder() throws Exception {
        Recorder onB = new Recorder();
        b.subscribe("ordered", onB);
        int count = 2000;
        for (int i = 0; i < count; i++) {
            a.publish(message("ordered", i));
        }
        for (int i = 0; i < count; i++) {
            assertEquals(message("ordered", i), onB.next());
        }
    }

    @Test
    void channelsAreIsolated() throws Exception {
        Recorder news = new Recorder();
        Recorder sport = new Recorder();
        b.subscribe("news", news);
        b.subscribe("sport", sport);
        a.publish(message("news", 1));
        a.publish(message("sport", 2));
        assertEquals(message("news", 1), news.next());
        assertEquals(message("sport", 2), sport.next());
        assertNull(news.nextIfAny());
        assertNull(sport.nextIfAny());
    }

    @Test
    void closedSubscriptionReceivesNothingMore() throws Exception {
        Recorder leaving = new Recorder();
        Recorder staying = new Recorder();
        Broker.Subscription subscription = b.subscribe("c", leaving);
        b.subscribe("c", staying);
        a.publish(message("c", 1));
        assertEquals(message("c", 1), leaving.next());
        assertEquals(message("c", 1), staying.next());

        subscription.close();
        subscription.close(); // twice is harmless
        a.publish(message("c", 2));
        assertEquals(message("c", 2), staying.next());
        assertNull(leaving.nextIfAny(), "delivered after close");
    }

    @Test
    void sameListenerSubscribedTwiceReceivesTwice() throws Exception {
        Recorder twice = new Recorder();
        Broker.Subscription first = b.subscribe("c", twice);
        b.subscribe("c", twice);
        a.publish(message("c", 1));
        assertEquals(message("c", 1), twice.next());
        assertEquals(message("c", 1), twice.next());
        first.close();
        a.publish(message("c", 2));
        assertEquals(message("c", 2), twice.next());
        assertNull(twice.nextIfAny());
    }

    @Test
    void publishWithoutSubscribersIsFine() throws Exception {
        a.publish(message("nobody", 1));
        Recorder late = new Recorder();
        b.subscribe("nobody", late);
        a.publish(message("nobody", 2));
        assertEquals(message("nobody", 2), late.next());
    }
}

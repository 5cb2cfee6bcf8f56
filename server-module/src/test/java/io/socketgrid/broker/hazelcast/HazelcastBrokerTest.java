package io.socketgrid.broker.hazelcast;

import com.hazelcast.core.HazelcastInstance;
import io.socketgrid.broker.Broker;
import io.socketgrid.broker.BrokerContractTest;
import io.socketgrid.broker.ChannelMessage;
import io.socketgrid.broker.StreamPosition;
import io.socketgrid.testing.LoopbackHazelcast;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The broker contract against two Hazelcast members in this JVM (loopback only). Each test gets brokers with
 * a fresh name prefix, so tests never see each other's channels.
 */
class HazelcastBrokerTest extends BrokerContractTest {

    private static final AtomicInteger TESTS = new AtomicInteger();

    @Override
    protected List<Broker> twoNodes() {
        List<HazelcastInstance> members = LoopbackHazelcast.pair();
        String prefix = "broker" + TESTS.incrementAndGet() + ".";
        return List.of(new HazelcastBroker(members.get(0), HISTORY, prefix),
                new HazelcastBroker(members.get(1), HISTORY, prefix));
    }

    /**
     * A node that falls more than the ringbuffer's capacity behind cannot get what was overwritten: the
     * subscription goes on from the oldest message still there, and the jump shows in the offsets it hands over.
     */
    @Test
    void aSubscriptionThatFellBehindTheRingbufferGoesOnAfterTheOverwrittenMessages() throws Exception {
        CountDownLatch stuck = new CountDownLatch(1);
        CountDownLatch resume = new CountDownLatch(1);
        BlockingQueue<List<ChannelMessage>> reads = new LinkedBlockingQueue<>();
        Broker.ChannelListener slow = new Broker.ChannelListener() {
            @Override
            public void onMessage(ChannelMessage message) {
                onMessages(List.of(message));
            }

            @Override
            public void onMessages(List<ChannelMessage> messages) {
                reads.add(messages);
                stuck.countDown();
                try {
                    assertTrue(resume.await(WAIT_SECONDS, TimeUnit.SECONDS), "the test never let the listener go on");
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        StreamPosition start = await(b.subscribe("behind", slow).ready());
        await(a.publish("behind", n(0)));
        assertTrue(stuck.await(WAIT_SECONDS, TimeUnit.SECONDS), "the first message never arrived");
        int capacity = HazelcastBroker.MIN_CAPACITY; // HISTORY is smaller, so the ringbuffer holds this many
        List<CompletionStage<ChannelMessage>> published = new ArrayList<>();
        for (int i = 1; i <= capacity + 100; i++) {
            published.add(a.publish("behind", n(i)));
        }
        long last = await(published.get(published.size() - 1)).offset();
        resume.countDown();

        assertEquals(start.offset() + 1, reads.poll(WAIT_SECONDS, TimeUnit.SECONDS).get(0).offset());
        List<ChannelMessage> afterTheJump = new ArrayList<>();
        while (afterTheJump.isEmpty() || afterTheJump.get(afterTheJump.size() - 1).offset() < last) {
            List<ChannelMessage> read = reads.poll(WAIT_SECONDS, TimeUnit.SECONDS);
            assertNotNull(read, "the subscription stopped after falling behind");
            afterTheJump.addAll(read);
        }
        assertEquals(last - capacity + 1, afterTheJump.get(0).offset(), "goes on at the oldest message still there");
        for (int i = 1; i < afterTheJump.size(); i++) {
            assertEquals(afterTheJump.get(i - 1).offset() + 1, afterTheJump.get(i).offset(), "consecutive after the jump");
        }
    }
}

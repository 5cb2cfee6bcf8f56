package io.socketgrid.broker.hazelcast;

import com.hazelcast.core.DistributedObject;
import com.hazelcast.core.HazelcastInstance;
import io.socketgrid.broker.Broker;
import io.socketgrid.broker.ChannelMessage;
import io.socketgrid.broker.HistoryPolicy;
import io.socketgrid.testing.Eventually;
import io.socketgrid.testing.LoopbackHazelcast;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/**
 * Channels nobody uses are destroyed: a channel without publishes or subscribers for the history's age loses
 * its ringbuffer and starts a new epoch on next use; a subscribed channel lives on.
 */
class HazelcastChannelLifecycleTest {

    private static final Duration LEASE = Duration.ofSeconds(2);
    /** Idle channels expiring together, published from either member, so that concurrent destroys meet. */
    private static final int MORE_IDLE_CHANNELS = 40;

    private static ChannelMessage await(java.util.concurrent.CompletionStage<ChannelMessage> stage) throws Exception {
        return stage.toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static boolean exists(HazelcastInstance member, String name) {
        return member.getDistributedObjects().stream().map(DistributedObject::getName).anyMatch(name::equals);
    }

    @Test
    void idleChannelsAreDestroyedAndSubscribedOnesLive() throws Exception {
        List<HazelcastInstance> members = LoopbackHazelcast.pair();
        ChannelNames names = new ChannelNames("life.");
        try (HazelcastBroker a = new HazelcastBroker(members.get(0), new HistoryPolicy(10, LEASE), "life.");
             HazelcastBroker b = new HazelcastBroker(members.get(1), new HistoryPolicy(10, LEASE), "life.")) {
            Broker.Subscription kept = b.subscribe("kept", message -> { });
            kept.ready().toCompletableFuture().get(10, TimeUnit.SECONDS);
            ChannelMessage keptFirst = await(a.publish("kept", JsonValue.TRUE));
            ChannelMessage idleFirst = await(a.publish("idle", JsonValue.TRUE));
            List<String> idleRings = new ArrayList<>(List.of(names.ringbuffer("idle", idleFirst.epoch())));
            for (int i = 0; i < MORE_IDLE_CHANNELS; i++) {
                ChannelMessage first = await((i % 2 == 0 ? a : b).publish("idle-" + i, JsonValue.TRUE));
                idleRings.add(names.ringbuffer("idle-" + i, first.epoch()));
            }

            // gone from both members: a destroy racing a proxy re-created on another member used to leave one
            Eventually.await("the idle channels' ringbuffers destroyed on both members", Duration.ofSeconds(60),
                    () -> idleRings.stream().filter(ring -> exists(members.get(0), ring) || exists(members.get(1), ring)).toList(),
                    List::isEmpty);

            ChannelMessage idleAgain = await(a.publish("idle", JsonValue.FALSE));
            assertNotEquals(idleFirst.epoch(), idleAgain.epoch(), "a destroyed channel starts a new epoch");
            assertEquals(0, idleAgain.offset());

            ChannelMessage keptAgain = await(a.publish("kept", JsonValue.FALSE));
            assertEquals(keptFirst.epoch(), keptAgain.epoch(), "the subscribed channel kept its epoch");
            assertEquals(keptFirst.offset() + 1, keptAgain.offset());
            kept.close();
        }
    }
}

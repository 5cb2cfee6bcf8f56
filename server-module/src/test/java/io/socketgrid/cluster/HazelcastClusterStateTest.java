package io.socketgrid.cluster;

import com.hazelcast.core.HazelcastInstance;
import io.socketgrid.testing.Eventually;
import io.socketgrid.testing.LoopbackHazelcast;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

class HazelcastClusterStateTest extends ClusterStateContractTest {

    private static final AtomicInteger TESTS = new AtomicInteger();
    private String prefix;

    @Override
    protected List<ClusterState> twoNodes() {
        List<HazelcastInstance> members = LoopbackHazelcast.pair();
        prefix = "state" + TESTS.incrementAndGet() + ".";
        return List.of(new HazelcastClusterState(members.get(0), NODE_TIMEOUT, prefix, METRICS_TTL),
                new HazelcastClusterState(members.get(1), NODE_TIMEOUT, prefix, METRICS_TTL));
    }

    @Test
    void nodeIdsComeFromTheMembers() {
        assertNotEquals(a.localNodeId(), b.localNodeId());
        assertEquals(8, a.localNodeId().length());
    }

    @Test
    void aMemberThatLeavesTakesItsNodeAndSubscriptionsAlong() throws Exception {
        HazelcastInstance third = LoopbackHazelcast.newMember();
        HazelcastClusterState dying = new HazelcastClusterState(third, java.time.Duration.ofMinutes(5), prefix);
        String node = dying.localNodeId();
        dying.report(new NodeInfo(node, "", 0, 1, System.currentTimeMillis(), Map.of()));
        dying.joined("shared", node + ".s", node);
        a.joined("shared", "a.s", a.localNodeId());
        Eventually.await("the third node listed", () -> now(a.nodes()),
                list -> list.stream().anyMatch(n -> n.nodeId().equals(node)));
        Eventually.await("its socket present", () -> now(b.presence("shared")), set -> set.contains(node + ".s"));

        third.getLifecycleService().terminate(); // no goodbye: like kill -9
        Eventually.await("the dead node unlisted", () -> now(b.nodes()),
                list -> list.stream().noneMatch(n -> n.nodeId().equals(node)));
        Eventually.await("its subscriptions gone", () -> now(a.presence("shared")),
                set -> set.equals(java.util.Set.of("a.s")));
    }
}

package io.socketgrid.broker.hazelcast;

import com.hazelcast.core.HazelcastInstance;
import io.socketgrid.broker.NodeRoute;
import io.socketgrid.broker.NodeRouteContractTest;
import io.socketgrid.testing.LoopbackHazelcast;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The node route contract over two Hazelcast members in this JVM (loopback only): the nodes of a test
 * alternate between the members, so most messages cross the cluster. Each test class run uses a fresh prefix.
 */
class HazelcastNodeRouteTest extends NodeRouteContractTest {

    private static final String PREFIX = "route" + System.nanoTime() + ".";
    private final AtomicInteger nodes = new AtomicInteger();

    @Override
    protected NodeRoute node(String nodeId) {
        List<HazelcastInstance> members = LoopbackHazelcast.pair();
        return new HazelcastNodeRoute(members.get(nodes.getAndIncrement() % 2), PREFIX, nodeId);
    }
}

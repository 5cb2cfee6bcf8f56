package io.socketgrid.broker.hazelcast;

import com.hazelcast.core.HazelcastInstance;
import io.socketgrid.broker.Broker;
import io.socketgrid.broker.BrokerContractTest;
import io.socketgrid.testing.LoopbackHazelcast;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

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
}

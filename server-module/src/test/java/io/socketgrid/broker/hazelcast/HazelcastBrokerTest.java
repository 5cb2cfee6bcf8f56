package io.socketgrid.broker.hazelcast;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.socketgrid.broker.Broker;
import io.socketgrid.broker.BrokerContractTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The broker contract against two Hazelcast members in this JVM, clustered over TCP-IP on 127.0.0.1 only
 * (multicast and auto-detection off, a random cluster name). The members are started once; each test gets
 * brokers with a fresh name prefix, so tests never see each other's channels.
 */
class HazelcastBrokerTest extends BrokerContractTest {

    private static final int BASE_PORT = 5900;
    private static HazelcastInstance first;
    private static HazelcastInstance second;
    private static final AtomicInteger TESTS = new AtomicInteger();

    @BeforeAll
    static void startMembers() {
        String cluster = "socketgrid-test-" + UUID.randomUUID();
        first = Hazelcast.newHazelcastInstance(loopbackConfig(cluster));
        second = Hazelcast.newHazelcastInstance(loopbackConfig(cluster));
        assertEquals(2, first.getCluster().getMembers().size(), "the two members formed one cluster");
    }

    @AfterAll
    static void stopMembers() {
        second.shutdown();
        first.shutdown();
    }

    static Config loopbackConfig(String cluster) {
        Config config = new Config().setClusterName(cluster);
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.setProperty("hazelcast.socket.bind.any", "false");
        config.setProperty("hazelcast.wait.seconds.before.join", "0");
        config.setProperty("hazelcast.logging.type", "jdk");
        config.getNetworkConfig().setPort(BASE_PORT).setPortAutoIncrement(true).setPortCount(10);
        config.getNetworkConfig().getInterfaces().setEnabled(true).addInterface("127.0.0.1");
        JoinConfig join = config.getNetworkConfig().getJoin();
        join.getAutoDetectionConfig().setEnabled(false);
        join.getMulticastConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true);
        for (int port = BASE_PORT; port < BASE_PORT + 10; port++) {
            join.getTcpIpConfig().addMember("127.0.0.1:" + port);
        }
        return config;
    }

    @Override
    protected List<Broker> twoNodes() {
        String prefix = "t" + TESTS.incrementAndGet() + ".";
        return List.of(new HazelcastBroker(first, HISTORY, prefix), new HazelcastBroker(second, HISTORY, prefix));
    }
}

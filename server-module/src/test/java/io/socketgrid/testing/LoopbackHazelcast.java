package io.socketgrid.testing;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;

import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Hazelcast members for tests, clustered over TCP-IP on 127.0.0.1 only (multicast, auto-detection and phone
 * home off), under a random cluster name. One pair is shared by every test class of the JVM (members take a
 * few seconds to start); tests isolate themselves with their own structure names.
 */
public final class LoopbackHazelcast {

    private static final int BASE_PORT = 5900;
    private static final String CLUSTER = "socketgrid-test-" + UUID.randomUUID();
    private static List<HazelcastInstance> pair;

    private LoopbackHazelcast() {
    }

    /** Two running members of one cluster. */
    public static synchronized List<HazelcastInstance> pair() {
        if (pair == null) {
            HazelcastInstance first = newMember();
            HazelcastInstance second = newMember();
            assertEquals(2, first.getCluster().getMembers().size(), "the two members formed one cluster");
            pair = List.of(first, second);
            Runtime.getRuntime().addShutdownHook(new Thread(Hazelcast::shutdownAll));
        }
        return pair;
    }

    /** Another member of the same cluster; the caller shuts it down. */
    public static HazelcastInstance newMember() {
        return Hazelcast.newHazelcastInstance(config());
    }

    private static Config config() {
        Config config = new Config().setClusterName(CLUSTER);
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
}

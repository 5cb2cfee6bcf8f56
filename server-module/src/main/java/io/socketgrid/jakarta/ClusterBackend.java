package io.socketgrid.jakarta;

import io.socketgrid.broker.Broker;
import io.socketgrid.broker.HistoryPolicy;
import io.socketgrid.broker.InMemoryBroker;
import io.socketgrid.broker.hazelcast.HazelcastBroker;
import io.socketgrid.cluster.ClusterState;
import io.socketgrid.cluster.HazelcastClusterState;
import io.socketgrid.cluster.LocalClusterState;
import io.socketgrid.config.SocketGridConfig;

import javax.naming.InitialContext;
import javax.naming.NamingException;

/**
 * The broker and cluster state of this node, chosen by {@code socketgrid.broker}: {@code memory} (a single
 * node), {@code hazelcast} (the Hazelcast instance the server publishes at JNDI {@value #HAZELCAST_JNDI}, as
 * Payara Micro does; failing if there is none) or {@code auto} (Hazelcast when the server has it).
 */
record ClusterBackend(Broker broker, ClusterState state) implements AutoCloseable {

    static final String HAZELCAST_JNDI = "payara/Hazelcast";
    /** What the names of SocketGrid's Hazelcast structures start with. */
    static final String PREFIX = "socketgrid.";

    private static final System.Logger LOG = System.getLogger(ClusterBackend.class.getName());

    static ClusterBackend choose(SocketGridConfig config) {
        HistoryPolicy history = new HistoryPolicy(config.historySize(), config.historyTtl());
        String kind = config.broker();
        if (kind.equals("memory")) {
            return local(config, history, "configured");
        }
        Object hazelcast = lookupHazelcast();
        if (hazelcast == null) {
            if (kind.equals("hazelcast")) {
                throw new IllegalStateException("socketgrid.broker=hazelcast but no Hazelcast instance is bound at "
                        + HAZELCAST_JNDI + " (Payara Micro started with --nohazelcast?)");
            }
            return local(config, history, "no Hazelcast instance at " + HAZELCAST_JNDI);
        }
        return HazelcastBackends.create(hazelcast, config, history);
    }

    private static ClusterBackend local(SocketGridConfig config, HistoryPolicy history, String why) {
        LOG.log(System.Logger.Level.INFO, "SocketGrid runs as a single node, in memory (" + why + ")");
        return new ClusterBackend(new InMemoryBroker(history), new LocalClusterState(config.nodeTimeout()));
    }

    private static Object lookupHazelcast() {
        try {
            Object found = new InitialContext().lookup(HAZELCAST_JNDI);
            return HazelcastBackends.isRunningInstance(found) ? found : null;
        } catch (NamingException | NoClassDefFoundError absent) {
            return null;
        }
    }

    @Override
    public void close() {
        state.close();
        broker.close();
    }

    /** The only code here that names Hazelcast types: loaded only when a Hazelcast instance was found. */
    private static final class HazelcastBackends {

        static boolean isRunningInstance(Object candidate) {
            return candidate instanceof com.hazelcast.core.HazelcastInstance instance
                    && instance.getLifecycleService().isRunning();
        }

        static ClusterBackend create(Object instance, SocketGridConfig config, HistoryPolicy history) {
            com.hazelcast.core.HazelcastInstance hazelcast = (com.hazelcast.core.HazelcastInstance) instance;
            LOG.log(System.Logger.Level.INFO, "SocketGrid clusters through Hazelcast cluster '"
                    + hazelcast.getConfig().getClusterName() + "', " + hazelcast.getCluster().getMembers().size()
                    + " member(s) now");
            return new ClusterBackend(new HazelcastBroker(hazelcast, history, PREFIX),
                    new HazelcastClusterState(hazelcast, config.nodeTimeout(), PREFIX));
        }
    }
}

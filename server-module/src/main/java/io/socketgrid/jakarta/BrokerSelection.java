package io.socketgrid.jakarta;

import io.socketgrid.broker.Broker;
import io.socketgrid.broker.HistoryPolicy;
import io.socketgrid.broker.InMemoryBroker;
import io.socketgrid.broker.hazelcast.HazelcastBroker;
import io.socketgrid.config.SocketGridConfig;

import javax.naming.InitialContext;
import javax.naming.NamingException;

/**
 * Chooses the broker for {@code socketgrid.broker}: {@code memory}, {@code hazelcast} (the Hazelcast instance
 * the server publishes at JNDI {@value #HAZELCAST_JNDI}, as Payara Micro does; failing if there is none) or
 * {@code auto} (Hazelcast when the server has it, else memory).
 */
final class BrokerSelection {

    static final String HAZELCAST_JNDI = "payara/Hazelcast";
    static final String PREFIX = "socketgrid.";

    private static final System.Logger LOG = System.getLogger(BrokerSelection.class.getName());

    private BrokerSelection() {
    }

    static Broker choose(SocketGridConfig config) {
        HistoryPolicy history = new HistoryPolicy(config.historySize(), config.historyTtl());
        String kind = config.broker();
        if (kind.equals("memory")) {
            return inMemory(history, "configured");
        }
        Object hazelcast = lookupHazelcast();
        if (hazelcast == null) {
            if (kind.equals("hazelcast")) {
                throw new IllegalStateException("socketgrid.broker=hazelcast but no Hazelcast instance is bound at "
                        + HAZELCAST_JNDI + " (Payara Micro started with --nohazelcast?)");
            }
            return inMemory(history, "no Hazelcast instance at " + HAZELCAST_JNDI);
        }
        return HazelcastBrokers.create(hazelcast, history, PREFIX);
    }

    private static Broker inMemory(HistoryPolicy history, String why) {
        LOG.log(System.Logger.Level.INFO, "SocketGrid broker: in-memory, single node (" + why + ")");
        return new InMemoryBroker(history);
    }

    private static Object lookupHazelcast() {
        try {
            Object found = new InitialContext().lookup(HAZELCAST_JNDI);
            return HazelcastBrokers.isRunningInstance(found) ? found : null;
        } catch (NamingException | NoClassDefFoundError absent) {
            return null;
        }
    }

    /** The only code here that names Hazelcast types: loaded only when a Hazelcast instance was found. */
    private static final class HazelcastBrokers {

        static boolean isRunningInstance(Object candidate) {
            return candidate instanceof com.hazelcast.core.HazelcastInstance instance
                    && instance.getLifecycleService().isRunning();
        }

        static Broker create(Object instance, HistoryPolicy history, String prefix) {
            com.hazelcast.core.HazelcastInstance hazelcast = (com.hazelcast.core.HazelcastInstance) instance;
            LOG.log(System.Logger.Level.INFO, "SocketGrid broker: Hazelcast cluster '"
                    + hazelcast.getConfig().getClusterName() + "', " + hazelcast.getCluster().getMembers().size()
                    + " member(s)");
            return new HazelcastBroker(hazelcast, history, prefix);
        }
    }
}

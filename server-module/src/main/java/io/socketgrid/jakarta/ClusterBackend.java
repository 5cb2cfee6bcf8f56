package io.socketgrid.jakarta;

import io.socketgrid.broker.Broker;
import io.socketgrid.broker.HistoryPolicy;
import io.socketgrid.broker.InMemoryBroker;
import io.socketgrid.broker.LocalNodeRoutes;
import io.socketgrid.broker.NodeRoute;
import io.socketgrid.broker.hazelcast.HazelcastBroker;
import io.socketgrid.broker.hazelcast.HazelcastNodeRoute;
import io.socketgrid.cluster.ClusterState;
import io.socketgrid.cluster.HazelcastClusterState;
import io.socketgrid.cluster.LocalClusterState;
import io.socketgrid.config.SocketGridConfig;

import javax.naming.InitialContext;
import javax.naming.NamingException;

/**
 * The broker and cluster state of this node, chosen by {@code socketgrid.broker}:
 * <ul>
 *   <li>{@code memory}: a single node;</li>
 *   <li>{@code auto} (default): the Hazelcast instance the server publishes at JNDI {@value #HAZELCAST_JNDI}
 *       (as Payara Micro does); else, when {@code socketgrid.hazelcastConfig} names a member configuration,
 *       an embedded member of SocketGrid's own started from it; else a single in-memory node;</li>
 *   <li>{@code hazelcast}: the same, but failing instead of falling back to memory.</li>
 * </ul>
 * An embedded member belongs to this backend and is shut down with it; the server's is only used.
 */
record ClusterBackend(Broker broker, ClusterState state, NodeRoute route, AutoCloseable ownedMember)
        implements AutoCloseable {

    static final String HAZELCAST_JNDI = "payara/Hazelcast";
    /** What the names of SocketGrid's Hazelcast structures start with. */
    static final String PREFIX = "socketgrid.";
    /** How {@code socketgrid.hazelcastConfig} names a member config inside the WAR rather than a file. */
    static final String CLASSPATH = "classpath:";

    private static final System.Logger LOG = System.getLogger(ClusterBackend.class.getName());

    static ClusterBackend choose(SocketGridConfig config) {
        HistoryPolicy history = new HistoryPolicy(config.historySize(), config.historyTtl());
        String kind = config.broker();
        if (kind.equals("memory")) {
            return local(config, history, "configured");
        }
        Object hazelcast = lookupHazelcast();
        if (hazelcast != null) {
            return HazelcastBackends.create(hazelcast, config, history, null);
        }
        if (!config.hazelcastConfig().isEmpty()) {
            return HazelcastBackends.embedded(config, history);
        }
        if (kind.equals("hazelcast")) {
            throw new IllegalStateException("socketgrid.broker=hazelcast but no Hazelcast instance is bound at "
                    + HAZELCAST_JNDI + " and socketgrid.hazelcastConfig names no member configuration to start one");
        }
        return local(config, history, "no Hazelcast instance at " + HAZELCAST_JNDI + " and no socketgrid.hazelcastConfig");
    }

    private static ClusterBackend local(SocketGridConfig config, HistoryPolicy history, String why) {
        LOG.log(System.Logger.Level.INFO, "SocketGrid runs as a single node, in memory (" + why + ")");
        LocalClusterState state = new LocalClusterState(config.nodeTimeout());
        return new ClusterBackend(new InMemoryBroker(history), state,
                new LocalNodeRoutes().join(state.localNodeId()), null);
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
        route.close();
        state.close();
        broker.close();
        if (ownedMember != null) {
            try {
                ownedMember.close();
            } catch (Exception e) {
                LOG.log(System.Logger.Level.WARNING, "stopping the embedded Hazelcast member failed: " + e);
            }
        }
    }

    /** The only code here that names Hazelcast types: loaded only when a Hazelcast instance was found. */
    private static final class HazelcastBackends {

        static boolean isRunningInstance(Object candidate) {
            return candidate instanceof com.hazelcast.core.HazelcastInstance instance
                    && instance.getLifecycleService().isRunning();
        }

        static ClusterBackend create(Object instance, SocketGridConfig config, HistoryPolicy history,
                                     AutoCloseable owned) {
            com.hazelcast.core.HazelcastInstance hazelcast = (com.hazelcast.core.HazelcastInstance) instance;
            LOG.log(System.Logger.Level.INFO, "SocketGrid clusters through " + (owned == null ? "the server's" : "its own")
                    + " Hazelcast member of cluster '" + hazelcast.getConfig().getClusterName() + "', "
                    + hazelcast.getCluster().getMembers().size() + " member(s) now");
            HazelcastClusterState state = new HazelcastClusterState(hazelcast, config.nodeTimeout(), PREFIX);
            return new ClusterBackend(new HazelcastBroker(hazelcast, history, PREFIX), state,
                    new HazelcastNodeRoute(hazelcast, PREFIX, state.localNodeId()), owned);
        }

        /**
         * Starts an embedded member from {@code socketgrid.hazelcastConfig} (XML or YAML): a file, or
         * {@code classpath:<name>} for a config the WAR carries ({@code classpath:hazelcast-loopback.xml} in
         * socketgrid-portable.war).
         */
        static ClusterBackend embedded(SocketGridConfig config, HistoryPolicy history) {
            com.hazelcast.config.Config memberConfig = memberConfig(config.hazelcastConfig());
            memberConfig.setClassLoader(ClusterBackend.class.getClassLoader());
            com.hazelcast.core.HazelcastInstance member = com.hazelcast.core.Hazelcast.newHazelcastInstance(memberConfig);
            return create(member, config, history, () -> member.getLifecycleService().shutdown());
        }

        private static com.hazelcast.config.Config memberConfig(String source) {
            ClassLoader loader = ClusterBackend.class.getClassLoader();
            if (source.startsWith(CLASSPATH)) {
                String resource = source.substring(CLASSPATH.length());
                if (loader.getResource(resource) == null) {
                    throw new IllegalStateException("socketgrid.hazelcastConfig " + source + ": the WAR has no " + resource);
                }
                return resource.endsWith(".yaml") || resource.endsWith(".yml")
                        ? new com.hazelcast.config.ClasspathYamlConfig(loader, resource)
                        : new com.hazelcast.config.ClasspathXmlConfig(loader, resource);
            }
            try {
                return com.hazelcast.config.Config.loadFromFile(new java.io.File(source));
            } catch (java.io.IOException e) {
                throw new IllegalStateException("cannot read socketgrid.hazelcastConfig " + source, e);
            }
        }
    }
}

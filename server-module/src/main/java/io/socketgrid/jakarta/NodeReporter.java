package io.socketgrid.jakarta;

import io.socketgrid.cluster.ClusterState;
import io.socketgrid.cluster.NodeInfo;
import io.socketgrid.concurrent.DaemonThreads;
import io.socketgrid.config.SocketGridConfig;
import io.socketgrid.engine.SocketGridEngine;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** Reports this node to the cluster state every third of the node timeout, from its own thread. */
final class NodeReporter implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(NodeReporter.class.getName());

    private final SocketGridEngine engine;
    private final ClusterState state;
    private final String url;
    private final long startedAt = System.currentTimeMillis();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("socketgrid-node-report"));

    NodeReporter(SocketGridEngine engine, ClusterState state, SocketGridConfig config) {
        this.engine = engine;
        this.state = state;
        this.url = config.advertisedUrl();
        long period = Math.max(100, config.nodeTimeout().toMillis() / 3);
        scheduler.scheduleAtFixedRate(this::report, 0, period, TimeUnit.MILLISECONDS);
    }

    private void report() {
        try {
            state.report(new NodeInfo(engine.nodeId(), url, startedAt, engine.localConnectionCount(),
                    System.currentTimeMillis(), engine.gauges()));
        } catch (RuntimeException e) {
            // the cluster may be reshuffling; the next report tries again
            LOG.log(System.Logger.Level.DEBUG, () -> "node report failed: " + e);
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}

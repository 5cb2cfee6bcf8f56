package io.socketgrid.jakarta;

import io.socketgrid.cluster.NodeInfo;
import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * {@code GET /socketgrid/cluster}: the live nodes with their reports, the gauges summed over nodes, and the
 * subscriber count of every channel; {@code ?channel=name} adds that channel's subscribed socket ids.
 */
@WebServlet("/socketgrid/cluster")
public class ClusterServlet extends JsonServlet {

    private static final long QUERY_SECONDS = 5;

    /** The document served. */
    public record ClusterReport(String self, List<NodeInfo> nodes, Map<String, Long> totals,
                                Map<String, Integer> channels, String channel, List<String> presence) {
    }

    @Inject
    SocketGridRuntime runtime;

    @Override
    protected Object document(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String channel = request.getParameter("channel");
        return fromCluster(() -> {
            var state = runtime.clusterState();
            List<NodeInfo> nodes = state.nodes().toCompletableFuture().get(QUERY_SECONDS, TimeUnit.SECONDS);
            Map<String, Long> totals = new TreeMap<>();
            nodes.forEach(node -> node.gauges().forEach((name, value) -> totals.merge(name, value, Long::sum)));
            Map<String, Integer> channels = state.subscriberCounts().toCompletableFuture().get(QUERY_SECONDS, TimeUnit.SECONDS);
            List<String> presence = channel == null ? null
                    : state.presence(channel).toCompletableFuture().get(QUERY_SECONDS, TimeUnit.SECONDS).stream().sorted().toList();
            return new ClusterReport(runtime.engine().nodeId(), nodes, totals, channels, channel, presence);
        }, response);
    }
}

package io.socketgrid.jakarta;

import io.socketgrid.monitoring.ClusterMetrics;
import io.socketgrid.monitoring.ScalingAdvice;
import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * {@code GET /socketgrid/metrics[?since=<epoch ms>]}: every node's per-second samples of the last ten minutes
 * as this node received them, oldest first (only those taken after {@code since} when given); see
 * docs/MONITORING.md. An operations document, served to this machine or {@code opsRole} only.
 */
@WebServlet("/socketgrid/metrics")
public class MetricsServlet extends JsonServlet {

    /** The document served. */
    public record MetricsReport(String node, int intervalSeconds, List<ClusterMetrics.NodeSeries> nodes,
                                ScalingAdvice advice) {
    }

    /** What a metrics document answers with 404 when the node does not sample itself. */
    static final String METRICS_OFF = "metrics are switched off (socketgrid.metrics=false)";

    @Inject
    SocketGridRuntime runtime;

    @Override
    protected Object document(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String since = request.getParameter("since");
        long after = 0;
        if (since != null) {
            try {
                after = Long.parseLong(since);
            } catch (NumberFormatException e) {
                response.sendError(HttpServletResponse.SC_BAD_REQUEST, "since must be epoch milliseconds");
                return null;
            }
        }
        Optional<ClusterMetrics> metrics = runtime.clusterMetrics();
        if (metrics.isEmpty()) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND, METRICS_OFF);
            return null;
        }
        return new MetricsReport(runtime.engine().nodeId(), 1, metrics.get().nodes(after), runtime.advice().orElseThrow());
    }
}

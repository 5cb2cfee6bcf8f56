package io.socketgrid.jakarta;

import io.socketgrid.monitoring.MetricsSample;
import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.util.List;

/**
 * {@code GET /socketgrid/metrics}: this node's per-second samples of the last ten minutes, oldest first (see
 * {@link MetricsSample}); an operations document, served to this machine or {@code opsRole} only.
 */
@WebServlet("/socketgrid/metrics")
public class MetricsServlet extends JsonServlet {

    /** The document served. */
    public record MetricsReport(String node, int intervalSeconds, List<MetricsSample> samples) {
    }

    @Inject
    SocketGridRuntime runtime;

    @Override
    protected Object document(HttpServletRequest request, HttpServletResponse response) {
        return new MetricsReport(runtime.engine().nodeId(), 1, runtime.metricsHistory());
    }
}

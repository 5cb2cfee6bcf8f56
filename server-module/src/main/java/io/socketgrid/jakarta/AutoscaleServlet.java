package io.socketgrid.jakarta;

import io.socketgrid.monitoring.ScalingAdvice;
import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.Optional;

/**
 * {@code GET /socketgrid/autoscale}: the autoscaling advice for the cluster as this node sees it now
 * ({@link ScalingAdvice}, over every node's samples in the cluster-wide view; the rule is in
 * docs/MONITORING.md); an operations document. 404 when {@code socketgrid.metrics} is off.
 */
@WebServlet("/socketgrid/autoscale")
public class AutoscaleServlet extends JsonServlet {

    @Inject
    SocketGridRuntime runtime;

    @Override
    protected Object document(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Optional<ScalingAdvice> advice = runtime.advice();
        if (advice.isEmpty()) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND, MetricsServlet.METRICS_OFF);
            return null;
        }
        return advice.get();
    }
}

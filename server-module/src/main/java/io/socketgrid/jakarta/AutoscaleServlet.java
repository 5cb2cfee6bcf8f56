package io.socketgrid.jakarta;

import io.socketgrid.config.AutoscaleConfig;
import io.socketgrid.monitoring.ScalingAdvice;
import io.socketgrid.monitoring.ScalingAdvisor;
import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

/**
 * {@code GET /socketgrid/autoscale}: the autoscaling advice for the cluster as this node sees it now
 * ({@link ScalingAdvice}; the rule is in docs/MONITORING.md); an operations document.
 */
@WebServlet("/socketgrid/autoscale")
public class AutoscaleServlet extends JsonServlet {

    @Inject
    SocketGridRuntime runtime;

    @Inject
    PeerSamples samples;

    private transient ScalingAdvisor advisor;

    @Override
    public void init() {
        super.init();
        advisor = new ScalingAdvisor(runtime.config().autoscale());
    }

    @Override
    protected Object document(HttpServletRequest request, HttpServletResponse response) throws IOException {
        AutoscaleConfig config = runtime.config().autoscale();
        return fromCluster(() -> {
            PeerSamples.Snapshot cluster = samples.collect(config.autoscaleDownWindow());
            return advisor.advise(cluster.up(), cluster.gone(), System.currentTimeMillis());
        }, response);
    }
}

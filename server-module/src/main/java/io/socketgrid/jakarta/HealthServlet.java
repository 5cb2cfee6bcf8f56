package io.socketgrid.jakarta;

import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * {@code GET /socketgrid/health}: whether a balancer should send new sockets here. HTTP 200
 * {@code {"node": …, "status": "UP"}}, or 503 with {@code "DRAINING"} once the node drains. Open to anyone
 * (a balancer on another host must reach it); it tells nothing else.
 */
@WebServlet("/socketgrid/health")
public class HealthServlet extends JsonServlet {

    /** The document served. */
    public record Health(String node, String status) {
    }

    @Inject
    SocketGridRuntime runtime;

    @Override
    protected Object document(HttpServletRequest request, HttpServletResponse response) {
        if (runtime.engine().isDraining()) {
            response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
            return new Health(runtime.engine().nodeId(), "DRAINING");
        }
        return new Health(runtime.engine().nodeId(), "UP");
    }
}

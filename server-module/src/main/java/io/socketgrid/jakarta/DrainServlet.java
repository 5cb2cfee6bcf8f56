package io.socketgrid.jakarta;

import io.socketgrid.engine.SecurityEvent;
import io.socketgrid.engine.SocketGridEngine;
import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

/**
 * {@code POST /socketgrid/drain} drains this node before it is stopped ({@link SocketGridEngine#drain()}):
 * {@code /socketgrid/health} and WebSocket upgrades answer 503 from then on, so the balancer takes the node
 * out and retries new sockets elsewhere, and every socket is closed with 4000, which clients answer by
 * reconnecting at once. {@code GET} tells whether the node drains and how many sockets remain. An operations
 * action, behind {@link OperationsAccessFilter}; a POST that carries an {@code Origin} header (sent by
 * browsers, never by curl or the scripts) is refused with 403, so a web page cannot drain a node through a
 * browser running on this machine.
 */
@WebServlet("/socketgrid/drain")
public class DrainServlet extends JsonServlet {

    /**
     * The document served.
     *
     * @param closed    sockets this request closed (0 for GET)
     * @param remaining sockets still open on this node
     */
    public record DrainReport(String node, boolean draining, int closed, int remaining) {
    }

    @Inject
    SocketGridRuntime runtime;

    @Override
    protected Object document(HttpServletRequest request, HttpServletResponse response) {
        return report(0);
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (request.getHeader("Origin") != null) {
            runtime.count(SecurityEvent.OPS_REFUSED);
            response.sendError(HttpServletResponse.SC_FORBIDDEN, "a drain is not requested by web pages");
            return;
        }
        write(report(runtime.engine().drain()), response);
    }

    private DrainReport report(int closed) {
        SocketGridEngine engine = runtime.engine();
        return new DrainReport(engine.nodeId(), engine.isDraining(), closed, engine.localConnectionCount());
    }
}

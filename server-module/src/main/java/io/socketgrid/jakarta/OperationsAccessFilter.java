package io.socketgrid.jakarta;

import io.socketgrid.engine.SecurityEvent;
import io.socketgrid.security.LocalRequests;
import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

/**
 * Keeps the operations documents and actions (drain) off the public path: a request is served when it comes from this machine
 * ({@link LocalRequests}) or its user has the role {@code opsRole} (when set); anyone else gets HTTP 403 and
 * is counted.
 */
@WebFilter(urlPatterns = {"/socketgrid/stats", "/socketgrid/cluster", "/socketgrid/metrics", "/socketgrid/autoscale",
        "/socketgrid/drain"})
public class OperationsAccessFilter extends HttpFilter {

    @Inject
    SocketGridRuntime runtime;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String role = runtime.config().security().opsRole();
        boolean allowed = LocalRequests.isLocal(request.getRemoteAddr(), request.getHeader("X-Forwarded-For"),
                request.getHeader("Forwarded")) || (!role.isEmpty() && request.isUserInRole(role));
        if (!allowed) {
            runtime.count(SecurityEvent.OPS_REFUSED);
            response.sendError(HttpServletResponse.SC_FORBIDDEN, "operations documents are served to this machine"
                    + (role.isEmpty() ? "" : " and to users in role " + role) + " only (socketgrid.opsRole)");
            return;
        }
        chain.doFilter(request, response);
    }
}

package io.socketgrid.jakarta;

import io.socketgrid.engine.SecurityEvent;
import io.socketgrid.security.OriginPolicy;
import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

/**
 * The Origin policy of WebSocket upgrades to the protocol endpoint (the defence against cross-site WebSocket
 * hijacking): a browser upgrade from an origin {@code allowedOrigins} does not allow is answered with HTTP 403
 * and counted; while the node drains, every upgrade is answered with 503; every other request passes
 * untouched. Declared filters run before the container's WebSocket upgrade.
 */
@WebFilter(urlPatterns = "/socketcluster/*", asyncSupported = true)
public class UpgradeFilter extends HttpFilter {

    @Inject
    SocketGridRuntime runtime;

    private transient OriginPolicy policy;

    @Override
    public void init() {
        policy = new OriginPolicy(runtime.config().security().allowedOrigins());
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        boolean upgrade = "websocket".equalsIgnoreCase(request.getHeader("Upgrade"));
        if (upgrade && runtime.engine().isDraining()) {
            // 503 lets a balancer retry the upgrade on another node (HAProxy: retry-on 503)
            response.sendError(HttpServletResponse.SC_SERVICE_UNAVAILABLE, "this node is draining: connect to another");
            return;
        }
        String origin = request.getHeader("Origin");
        if (origin != null && upgrade
                && !policy.allows(origin, request.getScheme(), request.getHeader("Host"))) {
            runtime.count(SecurityEvent.ORIGIN_REFUSED);
            response.sendError(HttpServletResponse.SC_FORBIDDEN,
                    "origin " + origin + " may not open a socket here (socketgrid.allowedOrigins)");
            return;
        }
        chain.doFilter(request, response);
    }
}

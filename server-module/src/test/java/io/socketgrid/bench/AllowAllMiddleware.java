package io.socketgrid.bench;

import io.socketgrid.api.ClientSocket;
import io.socketgrid.api.Handlers;
import io.socketgrid.api.Middleware;
import io.socketgrid.api.SocketGridApplication;
import io.socketgrid.api.Verdict;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.JsonValue;

import java.util.logging.Logger;

/**
 * Benchmark only (scripts/bench.sh security): registers one middleware that overrides all six hooks and lets
 * everything through, to measure what a registered middleware costs per action ({@link EngineCost} uses
 * the same middleware in process). It is not part of the webapp:
 * bench.sh compiles it against the WAR's own socketgrid-server jar and adds it to a copy of the WAR
 * (WEB-INF/classes; the webapp's beans.xml discovers annotated beans, so @ApplicationScoped is enough).
 * The hooks do nothing else (no counting), so that the figure is the cost of the chain, not of the hook body.
 */
@ApplicationScoped
public class AllowAllMiddleware implements SocketGridApplication {

    /** bench.sh looks for this line in the server log to confirm that the variant WAR is the one running. */
    static final String REGISTERED = "SocketGrid bench: allow-all middleware registered (6 hooks)";

    @Override
    public void configure(Handlers handlers) {
        handlers.use(new AllowAll());
        Logger.getLogger(AllowAllMiddleware.class.getName()).info(REGISTERED);
    }

    /** Every hook overridden (the engine lists a middleware only under the hooks it overrides). */
    static final class AllowAll implements Middleware {

        @Override
        public Verdict onHandshake(ClientSocket socket) {
            return Verdict.ALLOW;
        }

        @Override
        public Verdict onTransmit(ClientSocket socket, String event, JsonValue data) {
            return Verdict.ALLOW;
        }

        @Override
        public Verdict onInvoke(ClientSocket socket, String event, JsonValue data) {
            return Verdict.ALLOW;
        }

        @Override
        public Verdict onSubscribe(ClientSocket socket, String channel) {
            return Verdict.ALLOW;
        }

        @Override
        public Verdict onPublishIn(ClientSocket socket, String channel, JsonValue data) {
            return Verdict.ALLOW;
        }

        @Override
        public boolean onPublishOut(ClientSocket socket, String channel, JsonValue data) {
            return true;
        }
    }
}

package io.socketgrid.load.workload;

import io.socketgrid.load.dialect.Session;
import io.socketgrid.load.report.Figures;
import jakarta.json.JsonValue;

/**
 * Closed-loop ping flood: K connections, each with {@code depth} thesis pings in flight (1: the next ping goes
 * when the answer arrives, as scripts/bench/pingflood.mjs), as fast as the server answers. An error answer
 * is counted and followed by the next ping too.
 */
public final class FloodWorkload extends Ping {

    private final int depth;

    public FloodWorkload(int connections, int depth) {
        super("flood", connections, "round trip of the invoked ping (sent to answer read), " + depth + " in flight per connection");
        if (depth < 1) {
            throw new IllegalArgumentException("depth must be at least 1");
        }
        this.depth = depth;
    }





    @Override
    public void ready(Session session) {
        for (int i = 0; i < depth && run.sending(); i++) {
            send(session);
        }
    }

    @Override
    public void answered(Session session, JsonValue data, long rttNanos) {
        super.answered(session, data, rttNanos);
        send(session);
    }

    @Override
    public void failed(Session session, String name, String message) {
        super.failed(session, name, message);
        send(session);
    }


    @Override
    public void report(Figures figures) {
        figures.put("flood.connections", connections()).put("flood.depth", depth);
    }
}

package io.socketgrid.app;

import io.socketgrid.api.Handlers;
import io.socketgrid.api.SocketGridApplication;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The thesis workload (Appendix A.1): on event {@code ping} the server transmits {@code pong} with the number
 * of pings this instance has handled; {@code invoke('ping')} answers with the same count. The count is also
 * the node's {@code pings} gauge, summed over the cluster in {@code GET /socketgrid/cluster}.
 */
@ApplicationScoped
public class PingPongApplication implements SocketGridApplication {

    private final AtomicLong pings = new AtomicLong();

    @Override
    public void configure(Handlers handlers) {
        handlers.gauge("pings", pings::get);
        handlers.onTransmit("ping", (socket, data) -> socket.transmit("pong", pings.incrementAndGet()));
        handlers.onInvoke("ping", (socket, data) -> pings.incrementAndGet());
    }
}

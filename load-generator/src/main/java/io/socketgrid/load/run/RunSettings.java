package io.socketgrid.load.run;

import io.socketgrid.load.dialect.Dialect;

import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * The bounds and target of one run, whatever the workload.
 *
 * @param target         the WebSocket URL, as the dialect connects to it
 * @param dialect        how to speak to it
 * @param sources        local source addresses, used round-robin by connection index (empty: the system's choice)
 * @param duration       the sending phase, from the start (opening included); the hard bound of the run is
 *                       {@code duration + drain + closeWait}
 * @param warmup         the first part of the sending phase, not measured
 * @param drain          after sending stops, how long answers are still awaited before the connections close
 * @param maxConnections connections opened at most (whatever the workload asks)
 * @param maxMessages    messages the workload may send at most (pings, publishes, uploads); the run stops
 *                       sending once they are spent
 * @param connectRate    new connections per second
 * @param maxPending     opening handshakes in flight at most (the opening waits for a free place)
 * @param connectTimeout how long one opening handshake may take
 */
public record RunSettings(URI target, Dialect dialect, List<InetAddress> sources, Duration duration, Duration warmup,
                          Duration drain, int maxConnections, long maxMessages, double connectRate, int maxPending,
                          Duration connectTimeout) {

    /** How long connections get to finish their closing handshake at the end. */
    public static final Duration CLOSE_WAIT = Duration.ofSeconds(5);

    public RunSettings {
        sources = List.copyOf(sources);
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("the duration must be positive");
        }
        if (warmup.isNegative() || warmup.compareTo(duration) >= 0) {
            throw new IllegalArgumentException("the warm-up must be shorter than the duration");
        }
        if (drain.isNegative() || maxConnections < 1 || maxMessages < 0 || !(connectRate > 0) || maxPending < 1) {
            throw new IllegalArgumentException("drain ≥ 0, max connections ≥ 1, max messages ≥ 0, rate > 0, pending ≥ 1");
        }
    }

    /** The source address of connection {@code index}, or null. */
    public InetAddress source(int index) {
        return sources.isEmpty() ? null : sources.get(index % sources.size());
    }
}

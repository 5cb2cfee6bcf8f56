package io.socketgrid.protocol;

import java.time.Duration;

/**
 * Heartbeat and handshake timing of protocol v2: the server sends {@code ""} every {@code pingInterval}; a
 * connection from which nothing has arrived for {@code pingTimeout} is closed with 4001; a connection that
 * has not handshaken within {@code handshakeTimeout} is closed with 4005.
 *
 * <p>Pure and stateless: times are {@link System#nanoTime()} readings passed in by the caller.
 */
public record HeartbeatPolicy(Duration pingInterval, Duration pingTimeout, Duration handshakeTimeout) {

    public enum Action { NONE, SEND_PING, CLOSE_PONG_TIMEOUT, CLOSE_HANDSHAKE_TIMEOUT }

    public HeartbeatPolicy {
        requirePositive(pingInterval, "pingInterval");
        requirePositive(pingTimeout, "pingTimeout");
        requirePositive(handshakeTimeout, "handshakeTimeout");
        if (pingInterval.compareTo(pingTimeout) >= 0) {
            throw new IllegalArgumentException("pingInterval (" + pingInterval
                    + ") must be shorter than pingTimeout (" + pingTimeout + ")");
        }
    }

    private static void requirePositive(Duration d, String name) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be a positive duration, was " + d);
        }
    }

    /**
     * What is due for one connection now.
     *
     * @param lastInbound when the last message of any kind arrived (the handshake counts)
     * @param lastPing    when the server last sent a heartbeat (the handshake time before the first one)
     */
    public Action due(HandshakeGate.State state, long now, long openedAt, long lastInbound, long lastPing) {
        return switch (state) {
            case AWAITING_HANDSHAKE -> now - openedAt >= handshakeTimeout.toNanos()
                    ? Action.CLOSE_HANDSHAKE_TIMEOUT : Action.NONE;
            case OPEN -> {
                if (now - lastInbound >= pingTimeout.toNanos()) {
                    yield Action.CLOSE_PONG_TIMEOUT;
                }
                yield now - lastPing >= pingInterval.toNanos() ? Action.SEND_PING : Action.NONE;
            }
            case CLOSED -> Action.NONE;
        };
    }

    /** How often the caller should evaluate {@link #due}: a quarter of the shortest period, 20 ms to 1 s. */
    public Duration sweepPeriod() {
        long shortest = Math.min(pingInterval.toMillis(), Math.min(pingTimeout.toMillis(), handshakeTimeout.toMillis()));
        return Duration.ofMillis(Math.max(20, Math.min(1000, shortest / 4)));
    }
}

package io.socketgrid.protocol;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.socketgrid.protocol.HeartbeatPolicy.Action.CLOSE_HANDSHAKE_TIMEOUT;
import static io.socketgrid.protocol.HeartbeatPolicy.Action.CLOSE_PONG_TIMEOUT;
import static io.socketgrid.protocol.HeartbeatPolicy.Action.NONE;
import static io.socketgrid.protocol.HeartbeatPolicy.Action.SEND_PING;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class HeartbeatPolicyTest {

    private static final long S = 1_000_000_000L;
    private final HeartbeatPolicy policy = new HeartbeatPolicy(Duration.ofSeconds(8), Duration.ofSeconds(20), Duration.ofSeconds(10));

    @Test
    void handshakeTimeout() {
        assertEquals(NONE, policy.due(HandshakeGate.State.AWAITING_HANDSHAKE, 9 * S, 0, 0, 0));
        assertEquals(CLOSE_HANDSHAKE_TIMEOUT, policy.due(HandshakeGate.State.AWAITING_HANDSHAKE, 10 * S, 0, 0, 0));
    }

    @Test
    void pingEveryIntervalAfterTheLastPing() {
        assertEquals(NONE, policy.due(HandshakeGate.State.OPEN, 7 * S, 0, 7 * S, 0));
        assertEquals(SEND_PING, policy.due(HandshakeGate.State.OPEN, 8 * S, 0, 7 * S, 0));
        assertEquals(NONE, policy.due(HandshakeGate.State.OPEN, 9 * S, 0, 7 * S, 8 * S));
    }

    @Test
    void silenceForPingTimeoutCloses() {
        assertEquals(SEND_PING, policy.due(HandshakeGate.State.OPEN, 19 * S, 0, 0, 8 * S));
        assertEquals(CLOSE_PONG_TIMEOUT, policy.due(HandshakeGate.State.OPEN, 20 * S, 0, 0, 16 * S));
    }

    @Test
    void closedConnectionsNeedNothing() {
        assertEquals(NONE, policy.due(HandshakeGate.State.CLOSED, 100 * S, 0, 0, 0));
    }

    @Test
    void sweepPeriodIsAQuarterOfTheShortestPeriodWithinBounds() {
        assertEquals(Duration.ofSeconds(1), policy.sweepPeriod());
        assertEquals(Duration.ofMillis(50), new HeartbeatPolicy(Duration.ofMillis(200), Duration.ofMillis(600),
                Duration.ofSeconds(1)).sweepPeriod());
        assertEquals(Duration.ofMillis(20), new HeartbeatPolicy(Duration.ofMillis(10), Duration.ofMillis(30),
                Duration.ofSeconds(1)).sweepPeriod());
    }

    @Test
    void pingIntervalMustBeShorterThanPingTimeout() {
        assertThrows(IllegalArgumentException.class,
                () -> new HeartbeatPolicy(Duration.ofSeconds(20), Duration.ofSeconds(20), Duration.ofSeconds(10)));
        assertThrows(IllegalArgumentException.class,
                () -> new HeartbeatPolicy(Duration.ZERO, Duration.ofSeconds(20), Duration.ofSeconds(10)));
    }
}

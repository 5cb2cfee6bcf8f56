package io.socketgrid.engine;

import io.socketgrid.concurrent.DaemonThreads;
import io.socketgrid.protocol.CloseCodes;
import io.socketgrid.protocol.FrameCodec;
import io.socketgrid.protocol.HeartbeatPolicy;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The engine's periodic connection upkeep: sends the heartbeats that are due, expires auth tokens and closes the
 * connections whose handshake or pong is overdue, visiting one slice of the {@link ConnectionRegistry} per tick so
 * that a sweep period covers every connection once.
 *
 * <p>Two daemon threads: {@code socketgrid-heartbeat} sweeps; {@code socketgrid-closer} writes the close frames of
 * the connections the sweep gave up on. The sweep releases such a connection at once (it leaves the registry and
 * its channels) and leaves the close to the closer, because a container's close can take long (Tyrus runs the
 * servlet container's filter chain on the closing thread, under the socket's lock): done on the sweep thread, one
 * slow close would hold back the heartbeats of every other connection until they all time out. The closer's queue
 * holds at most one task per connection, since a connection is released once.
 *
 * <p>A tick that starts a whole sweep period or more after the previous one (a long GC pause, a starved CPU, a
 * blocked sweep) is logged at WARNING, at most once a minute with the worst gap since the last line: heartbeats
 * went out late then, and connections may have been closed for a silence that was the server's.
 */
final class HeartbeatSweep implements AutoCloseable {

    /** The most slices a sweep period is divided into; a tick is never shorter than {@value #MIN_TICK_MILLIS} ms. */
    private static final int MAX_SLICES = 100;
    private static final long MIN_TICK_MILLIS = 10;
    private static final long LATE_LOG_INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);
    private static final System.Logger LOG = System.getLogger(HeartbeatSweep.class.getName());

    /** Releases a connection's engine resources; false when it was released already (see {@code SocketGridEngine}). */
    interface Releaser {
        boolean release(Connection connection, int code);
    }

    private final ConnectionRegistry connections;
    private final HeartbeatPolicy policy;
    private final SocketAuthentication authentication;
    private final LongSupplier wallClock;
    private final Releaser releaser;
    private final ProblemLog problems;
    private final ScheduledExecutorService sweeper =
            Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("socketgrid-heartbeat"));
    private final ExecutorService closer = Executors.newSingleThreadExecutor(DaemonThreads.named("socketgrid-closer"));
    private final long tickMillis;
    private final long lateNanos;
    // only the sweeper thread touches these
    private int nextSlice;
    private long lastTickAt;
    private long worstGap;
    private int lateTicks;
    private long lastLateLogAt;

    /** How many slices a registry swept by {@code policy} should have. */
    static int sliceCount(HeartbeatPolicy policy) {
        return (int) Math.max(1, Math.min(MAX_SLICES, policy.sweepPeriod().toMillis() / MIN_TICK_MILLIS));
    }

    /** Starts sweeping {@code connections}, whose slice count should be {@link #sliceCount(HeartbeatPolicy)}. */
    HeartbeatSweep(ConnectionRegistry connections, HeartbeatPolicy policy, SocketAuthentication authentication,
                   LongSupplier wallClock, Releaser releaser, ProblemLog problems) {
        this.connections = connections;
        this.policy = policy;
        this.authentication = authentication;
        this.wallClock = wallClock;
        this.releaser = releaser;
        this.problems = problems;
        this.lateNanos = policy.sweepPeriod().toNanos();
        this.lastTickAt = System.nanoTime();
        this.lastLateLogAt = lastTickAt - LATE_LOG_INTERVAL_NANOS;
        this.tickMillis = Math.max(1, policy.sweepPeriod().toMillis() / connections.sliceCount());
        sweeper.scheduleAtFixedRate(this::sweepNextSlice, tickMillis, tickMillis, TimeUnit.MILLISECONDS);
    }

    private void sweepNextSlice() {
        try {
            long now = System.nanoTime();
            noteLateness(now);
            long nowMillis = wallClock.getAsLong();
            int slice = nextSlice;
            nextSlice = (slice + 1) % connections.sliceCount();
            for (Connection connection : connections.slice(slice)) {
                if (connection.auth().token() != null) {
                    authentication.expireIfDue(connection, nowMillis);
                }
                switch (policy.due(connection.gate().state(), now, connection.openedAt(),
                        connection.lastInbound(), connection.lastPing())) {
                    case SEND_PING -> {
                        connection.pingedAt(now);
                        connection.send(FrameCodec.HEARTBEAT);
                    }
                    case CLOSE_PONG_TIMEOUT -> giveUp(connection, CloseCodes.PONG_TIMEOUT);
                    case CLOSE_HANDSHAKE_TIMEOUT -> giveUp(connection, CloseCodes.HANDSHAKE_TIMEOUT);
                    case NONE -> { }
                }
            }
        } catch (RuntimeException e) {
            // a failing sweep must not cancel the periodic task
            problems.report("sweep-failed", "heartbeat sweep failed", e);
        }
    }

    private void noteLateness(long now) {
        long gap = now - lastTickAt;
        lastTickAt = now;
        if (gap >= lateNanos) {
            lateTicks++;
            worstGap = Math.max(worstGap, gap);
        }
        if (lateTicks > 0 && now - lastLateLogAt >= LATE_LOG_INTERVAL_NANOS) {
            LOG.log(System.Logger.Level.WARNING, "the heartbeat sweep stalled " + lateTicks + " time(s) since the last"
                    + " such line, at worst " + TimeUnit.NANOSECONDS.toMillis(worstGap) + " ms between two ticks ("
                    + tickMillis + " ms expected): heartbeats went out late (a GC pause, a starved CPU, a blocked sweep)");
            lateTicks = 0;
            worstGap = 0;
            lastLateLogAt = now;
        }
    }

    private void giveUp(Connection connection, int code) {
        if (releaser.release(connection, code)) {
            closer.execute(() -> closeTransport(connection, code));
        }
    }

    private void closeTransport(Connection connection, int code) {
        try {
            connection.transport().close(code, CloseCodes.reason(code));
        } catch (RuntimeException e) {
            // Transport.close must not throw; one that does must not stop the closes queued behind it
            problems.report("close-failed", connection + " could not be closed with " + code, e);
        }
    }

    /** Stops sweeping; the closes already handed to the closer still run. */
    @Override
    public void close() {
        sweeper.shutdownNow();
        closer.shutdown();
    }
}

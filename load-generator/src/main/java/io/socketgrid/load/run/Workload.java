package io.socketgrid.load.run;

import io.socketgrid.load.dialect.Session;
import io.socketgrid.load.report.Figures;
import jakarta.json.JsonValue;

/**
 * What the connections of a run do once open. {@link LoadRun} opens them (at its rate, within its bounds),
 * counts them, and ends the run; a workload sends messages and reports what it measured. The session callbacks
 * come on the sessions' I/O threads; {@link #start} and {@link #stopSending} on the run's timer thread.
 */
public interface Workload {

    /** The subcommand's name: thesis, flood, fanout, files, idle. */
    String name();

    /** Connections this workload wants opened (the run opens at most its {@code maxConnections}). */
    int connections();

    /** What the run's latency histogram measures, for the report. */
    String latencyOf();

    /** The run starts; {@code run} gives the clock, the timers, the message budget and the recorders. */
    void start(LoadRun run);

    /** Connection {@code session} is open. */
    void ready(Session session);

    /** A channel message reached {@code session}. */
    default void delivered(Session session, String channel, JsonValue data) {
    }

    /** Another event reached {@code session}. */
    default void event(Session session, String event, JsonValue data) {
    }

    /** {@code session} ended (the run has counted it). */
    default void ended(Session session) {
    }

    /**
     * What the workload still waits for beyond the sessions' unanswered calls (fan-out: deliveries not yet
     * received); the run drains until this and every session's calls are settled, or {@code drain} passed.
     */
    default long awaiting() {
        return 0;
    }

    /** The run's sending phase is over: start nothing new (answers still count until the run ends). */
    void stopSending();

    /** Adds this workload's own figures (parameters and results) to the report, once, at the end. */
    void report(Figures figures);
}

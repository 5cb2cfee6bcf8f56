package io.socketgrid.load.run;

import java.util.concurrent.atomic.LongAdder;

/** Counts of one run, written from any thread; read once a second by the progress line and at the end. */
public final class Counters {
    public final LongAdder attempted = new LongAdder();
    public final LongAdder opened = new LongAdder();
    public final LongAdder failed = new LongAdder();
    public final LongAdder dropped = new LongAdder();
    public final LongAdder closedAtEnd = new LongAdder();
    /** Messages the workload sent (pings, publishes, file offers). */
    public final LongAdder sent = new LongAdder();
    /** Answers with data, deliveries, verified files: what the latency histogram records. */
    public final LongAdder completed = new LongAdder();
    /** Calls answered with an error. */
    public final LongAdder errors = new LongAdder();
    /** Calls unanswered when their connection ended. */
    public final LongAdder unanswered = new LongAdder();

    /** The values now, in a fixed order (see {@link Snapshot}). */
    public Snapshot snapshot() {
        return new Snapshot(attempted.sum(), opened.sum(), failed.sum(), dropped.sum(), closedAtEnd.sum(),
                sent.sum(), completed.sum(), errors.sum(), unanswered.sum());
    }

    /** The counts at one moment. */
    public record Snapshot(long attempted, long opened, long failed, long dropped, long closedAtEnd, long sent,
                           long completed, long errors, long unanswered) {

        /** Connections open now (or closing at the end). */
        public long open() {
            return opened - dropped - closedAtEnd;
        }

        /** Opening handshakes in flight. */
        public long pending() {
            return attempted - opened - failed;
        }
    }
}

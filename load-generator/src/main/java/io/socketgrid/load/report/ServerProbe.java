package io.socketgrid.load.report;

/**
 * What the server under load costs: sampled once a second during the run ({@link #sample}) and summed up at
 * the end ({@link #report}). Implementations must not throw: a probe that cannot read says so in the report.
 */
public interface ServerProbe {

    /** The server's CPU (percent of one core since the last sample; NaN when unknown) and RSS (bytes; -1). */
    record Sample(double cpuPercent, long rssBytes) {
        public static final Sample NONE = new Sample(Double.NaN, -1);
    }

    /** Called once a second on the run's timer thread; must be quick. */
    Sample sample();

    /**
     * Adds the server figures over the measured window ({@code fromEpochMillis} to {@code toEpochMillis}) to the
     * report, under {@code server.}.
     */
    void report(Figures figures, long fromEpochMillis, long toEpochMillis);

    /** No server figures. */
    ServerProbe NONE = new ServerProbe() {
        @Override
        public Sample sample() {
            return Sample.NONE;
        }

        @Override
        public void report(Figures figures, long fromEpochMillis, long toEpochMillis) {
        }
    };
}

package io.socketgrid.load.report;

import java.util.List;

/** Several probes as one: samples from the first that has one, every report. */
public final class Probes implements ServerProbe {

    private final List<ServerProbe> probes;

    public Probes(List<ServerProbe> probes) {
        this.probes = List.copyOf(probes);
    }

    @Override
    public Sample sample() {
        Sample found = Sample.NONE;
        for (ServerProbe probe : probes) {
            Sample sample = probe.sample();
            if (found == Sample.NONE && sample != Sample.NONE) {
                found = sample;
            }
        }
        return found;
    }

    @Override
    public void report(Figures figures, long fromEpochMillis, long toEpochMillis) {
        for (ServerProbe probe : probes) {
            probe.report(figures, fromEpochMillis, toEpochMillis);
        }
    }
}

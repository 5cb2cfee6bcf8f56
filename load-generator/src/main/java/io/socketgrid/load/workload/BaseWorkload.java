package io.socketgrid.load.workload;

import io.socketgrid.load.run.LoadRun;
import io.socketgrid.load.run.Workload;

/**
 * What every workload has: its name, its connection count, what its latency measures, and the run it belongs
 * to (set by {@link #start}). Sending stops by itself: each workload checks {@link LoadRun#sending()} (through
 * {@link LoadRun#takeMessage()}) before it sends, so {@link #stopSending} has nothing to do unless overridden.
 */
abstract class BaseWorkload implements Workload {

    private final String name;
    private final int connections;
    private final String latencyOf;
    protected LoadRun run;

    BaseWorkload(String name, int connections, String latencyOf) {
        if (connections < 1) {
            throw new IllegalArgumentException(name + ": at least one connection");
        }
        this.name = name;
        this.connections = connections;
        this.latencyOf = latencyOf;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final int connections() {
        return connections;
    }

    @Override
    public final String latencyOf() {
        return latencyOf;
    }

    @Override
    public void start(LoadRun loadRun) {
        run = loadRun;
    }

    @Override
    public void stopSending() {
        // every send checks the run
    }
}

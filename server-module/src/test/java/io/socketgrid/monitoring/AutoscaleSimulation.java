package io.socketgrid.monitoring;

import io.socketgrid.monitoring.ScalingAdvice.Action;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongToDoubleFunction;

/**
 * A cluster that follows the advice, second by second, in simulated time: nodes sample once a second and
 * share the cluster's CPU evenly; every 5 s the advice is read and obeyed the way {@code scripts/cluster.sh
 * autoscale} obeys it (a new node samples 20 s after the ADD, and no advice is read until it does; REMOVE
 * stops the newest node at once). Deterministic: no clock, no threads.
 */
final class AutoscaleSimulation {

    private static final long START = 1_764_176_400_000L;
    private static final int STARTUP_SECONDS = 20;
    private static final int ADVICE_EVERY_SECONDS = 5;

    /** A node: the second it starts sampling, and its samples. */
    private record Node(String id, long samplingFrom, List<MetricsSample> samples) {
    }

    private final ScalingAdvisor advisor;
    private final LongToDoubleFunction cpuInAll;
    private final List<Node> nodes = new ArrayList<>();
    private final Map<String, List<MetricsSample>> gone = new LinkedHashMap<>();
    private final List<Action> actions = new ArrayList<>();
    private final List<Long> actedAt = new ArrayList<>();
    private final StringBuilder log = new StringBuilder();
    private int started;

    /** @param cpuInAll the cluster's CPU (percent of one core) at each millisecond since the start */
    AutoscaleSimulation(ScalingAdvisor advisor, LongToDoubleFunction cpuInAll, int initialNodes) {
        this.advisor = advisor;
        this.cpuInAll = cpuInAll;
        for (int i = 0; i < initialNodes; i++) {
            nodes.add(new Node("n" + ++started, START - 600_000, new ArrayList<>()));
        }
        // the initial nodes have sampled for ten minutes at the load of the start
        for (long t = START - 600_000; t < START; t += 1000) {
            sample(t, cpuInAll.applyAsDouble(0));
        }
    }

    void run(int seconds) {
        for (int second = 0; second < seconds; second++) {
            long now = START + second * 1000L;
            sample(now, cpuInAll.applyAsDouble(now - START));
            boolean starting = nodes.stream().anyMatch(node -> node.samplingFrom() > now);
            if (second % ADVICE_EVERY_SECONDS == 0 && !starting) {
                obey(advisor.advise(upNodes(now), gone, now), now);
            }
        }
    }

    private void sample(long now, double cpu) {
        List<Node> sampling = nodes.stream().filter(node -> node.samplingFrom() <= now).toList();
        for (Node node : sampling) {
            node.samples().add(Samples.at(now, 0, cpu / sampling.size()));
        }
    }

    private Map<String, List<MetricsSample>> upNodes(long now) {
        Map<String, List<MetricsSample>> up = new LinkedHashMap<>();
        nodes.stream().filter(node -> node.samplingFrom() <= now).forEach(node -> up.put(node.id(), node.samples()));
        return up;
    }

    private void obey(ScalingAdvice advice, long now) {
        if (advice.action() == Action.HOLD) {
            return;
        }
        actions.add(advice.action());
        actedAt.add(now);
        log.append(String.format("%n%4d s %s %d→%d: %s", (now - START) / 1000, advice.action(), advice.nodes(),
                advice.desiredNodes(), advice.reason()));
        if (advice.action() == Action.ADD) {
            nodes.add(new Node("n" + ++started, now + STARTUP_SECONDS * 1000L, new ArrayList<>()));
        } else {
            Node newest = nodes.remove(nodes.size() - 1);
            gone.put(newest.id(), newest.samples());
        }
    }

    List<Action> actions() {
        return actions;
    }

    int nodes() {
        return nodes.size();
    }

    /** Seconds from each action to the next. */
    List<Long> secondsBetweenActions() {
        List<Long> gaps = new ArrayList<>();
        for (int i = 1; i < actedAt.size(); i++) {
            gaps.add((actedAt.get(i) - actedAt.get(i - 1)) / 1000);
        }
        return gaps;
    }

    String log() {
        return log.toString();
    }
}

package io.socketgrid.monitoring;

import io.socketgrid.config.AutoscaleConfig;
import io.socketgrid.config.SocketGridConfig;
import io.socketgrid.monitoring.ScalingAdvice.Action;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongToDoubleFunction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The rule on recorded series: each test builds the samples a cluster would have taken, second by second. */
class ScalingAdvisorTest {

    private static final long NOW = 1_764_176_400_000L;

    /** Defaults but for the bounds: targets CPU 60 %, 5000 sockets; tolerance 10 %; windows 30 s and 60 s. */
    private static ScalingAdvisor advisor(String... settings) {
        Map<String, String> values = new LinkedHashMap<>(Map.of("autoscaleMin", "1", "autoscaleMax", "5"));
        for (int i = 0; i < settings.length; i += 2) {
            values.put(settings[i], settings[i + 1]);
        }
        AutoscaleConfig config = SocketGridConfig.load(values::get).autoscale();
        return new ScalingAdvisor(config);
    }

    private static MetricsSample sample(long at, int connections, double cpu) {
        return Samples.at(at, connections, cpu);
    }

    /** One sample a second from {@code seconds} seconds before now up to now, from the given curves (seconds ago → value). */
    private static List<MetricsSample> series(int seconds, LongToDoubleFunction cpu, LongToDoubleFunction connections) {
        List<MetricsSample> samples = new ArrayList<>();
        for (long ago = seconds - 1; ago >= 0; ago--) {
            samples.add(sample(NOW - ago * 1000, (int) connections.applyAsDouble(ago), cpu.applyAsDouble(ago)));
        }
        return samples;
    }

    private static List<MetricsSample> steady(int seconds, double cpu, int connections) {
        return series(seconds, ago -> cpu, ago -> connections);
    }

    @Test
    void addsOneWhenTheMeanCpuPerNodePassesItsTargetBeyondTheTolerance() {
        ScalingAdvice advice = advisor().advise(Map.of("a", steady(120, 80, 100)), NOW);
        assertEquals(Action.ADD, advice.action(), advice.reason());
        assertEquals(1, advice.nodes());
        assertEquals(2, advice.desiredNodes(), "ceil(80 / 60)");
        assertEquals(80.0, advice.cpuPercentPerNode());
        assertEquals(100.0, advice.connectionsPerNode());
        assertEquals(NOW, advice.at());
    }

    @Test
    void addsOnSocketsAndAsksForAllTheNodesTheLoadNeeds() {
        ScalingAdvice advice = advisor("autoscaleConnectionsTarget", "2500")
                .advise(Map.of("a", steady(120, 5, 3000), "b", steady(120, 5, 3000)), NOW);
        assertEquals(Action.ADD, advice.action(), advice.reason());
        assertEquals(3, advice.desiredNodes(), "6000 sockets at 2500 a node");
        assertEquals(3000.0, advice.connectionsPerNode());
    }

    @Test
    void theMeanOfTheScaleUpWindowDecidesNotItsLastSecond() {
        // 70 % for the last 10 s, 50 % before: the 30 s mean is 56.7 %, under 60 %
        ScalingAdvice advice = advisor().advise(Map.of("a", series(120, ago -> ago < 10 ? 70 : 50, ago -> 0)), NOW);
        assertEquals(Action.HOLD, advice.action(), advice.reason());
        assertEquals(1, advice.desiredNodes());
    }

    @Test
    void holdsWhileTheLoadIsOverTheTargetByLessThanTheTolerance() {
        ScalingAdvice advice = advisor().advise(Map.of("a", steady(120, 65, 0)), NOW);
        assertEquals(Action.HOLD, advice.action(), "65 % is within 60 % + 10 %");
        assertEquals(1, advice.desiredNodes());
        assertTrue(advice.reason().startsWith("within the targets"), advice.reason());
    }

    @Test
    void holdsAnAddWhileANodeThatJustJoinedHasLessThanTheScaleUpWindow() {
        Map<String, List<MetricsSample>> up = Map.of("a", steady(120, 100, 0), "b", steady(12, 100, 0));
        ScalingAdvice advice = advisor().advise(up, NOW);
        assertEquals(Action.HOLD, advice.action());
        assertEquals(3, advice.desiredNodes(), "a's 100 % for 30 s and b's for its 12 s make 140 % at 60 % a node; "
                + "the figure shows while the rule waits");
        assertTrue(advice.reason().contains("node b has 12 s of samples, 30 s needed"), advice.reason());

        Map<String, List<MetricsSample>> later = Map.of("a", steady(120, 100, 0), "b", steady(30, 100, 0));
        assertEquals(Action.ADD, advisor().advise(later, NOW).action(), "30 s of samples are enough to add");
    }

    @Test
    void removesOneWhenThePeakOfTheScaleDownWindowFitsFewerNodes() {
        Map<String, List<MetricsSample>> up = Map.of("a", steady(120, 10, 50), "b", steady(120, 10, 50),
                "c", steady(120, 10, 50));
        ScalingAdvice advice = advisor().advise(up, NOW);
        assertEquals(Action.REMOVE, advice.action(), advice.reason());
        assertEquals(3, advice.nodes());
        assertEquals(1, advice.desiredNodes(), "30 % and 150 sockets fit one node");
    }

    @Test
    void aPeakInTheScaleDownWindowKeepsTheNodes() {
        // idle now, but 40 s ago the three nodes carried 60 % each for 15 s: 180 % does not fit two nodes at 54 %
        LongToDoubleFunction burst = ago -> ago >= 40 && ago < 55 ? 60 : 5;
        Map<String, List<MetricsSample>> up = Map.of("a", series(120, burst, ago -> 0),
                "b", series(120, burst, ago -> 0), "c", series(120, burst, ago -> 0));
        ScalingAdvice advice = advisor().advise(up, NOW);
        assertEquals(Action.HOLD, advice.action(), advice.reason());
        assertEquals(3, advice.desiredNodes());

        ScalingAdvice later = advisor().advise(up, NOW + 30_000);
        assertEquals(Action.REMOVE, later.action(), "once the burst is older than the window: " + later.reason());
    }

    @Test
    void aSingleBusySecondIsNoPeak() {
        // one second at 200 % adds 20 % to a 10-second mean: 35 % in all still fits one node
        Map<String, List<MetricsSample>> up = Map.of("a", series(120, ago -> ago == 20 ? 200 : 5, ago -> 0),
                "b", steady(120, 5, 0), "c", steady(120, 5, 0));
        ScalingAdvice advice = advisor().advise(up, NOW);
        assertEquals(Action.REMOVE, advice.action(), advice.reason());
        assertEquals(1, advice.desiredNodes());
    }

    @Test
    void removalWaitsUntilEveryNodeHasTheScaleDownWindow() {
        Map<String, List<MetricsSample>> up = Map.of("a", steady(120, 5, 0), "b", steady(45, 5, 0));
        ScalingAdvice advice = advisor().advise(up, NOW);
        assertEquals(Action.HOLD, advice.action());
        assertEquals(1, advice.desiredNodes());
        assertTrue(advice.reason().contains("node b has 45 s of samples, 60 s needed"), advice.reason());
    }

    @Test
    void aNodeThatLeftDuringTheScaleDownWindowKeepsTheNextRemovalWaiting() {
        Map<String, List<MetricsSample>> up = Map.of("a", steady(120, 5, 10), "b", steady(120, 5, 10));
        List<MetricsSample> gone = series(100, ago -> 5, ago -> 10).subList(0, 80); // its last sample: 20 s ago
        ScalingAdvice advice = advisor().advise(up, Map.of("c", gone), NOW);
        assertEquals(Action.HOLD, advice.action());
        assertTrue(advice.reason().contains("node c left 20 s ago, 60 s needed"), advice.reason());

        assertEquals(Action.REMOVE, advisor().advise(up, Map.of("c", gone), NOW + 41_000).action(),
                "61 s after it left");
    }

    @Test
    void theLoadOfANodeThatLeftStillCountsForTheSecondsItRan() {
        // b carried 50 % until its last sample 5 s ago (it counts one interval more); a alone carries 50 % now:
        // (30 + 26) * 50 % / 30 s = 93.3 % for one node
        Map<String, List<MetricsSample>> gone = Map.of("b", series(120, ago -> 50, ago -> 0).subList(0, 115));
        ScalingAdvice advice = advisor().advise(Map.of("a", steady(120, 50, 0)), gone, NOW);
        assertEquals(Action.ADD, advice.action(), advice.reason());
        assertEquals(93.3, advice.cpuPercentPerNode());
    }

    @Test
    void theBoundsComeFirst() {
        ScalingAdvisor twoToThree = advisor("autoscaleMin", "2", "autoscaleMax", "3");
        ScalingAdvice tooFew = twoToThree.advise(Map.of("a", steady(5, 0, 0)), NOW);
        assertEquals(Action.ADD, tooFew.action(), "under autoscaleMin, without waiting for samples");
        assertEquals(2, tooFew.desiredNodes());

        Map<String, List<MetricsSample>> four = Map.of("a", steady(120, 200, 0), "b", steady(120, 200, 0),
                "c", steady(120, 200, 0), "d", steady(120, 200, 0));
        ScalingAdvice tooMany = twoToThree.advise(four, NOW);
        assertEquals(Action.REMOVE, tooMany.action(), "over autoscaleMax, whatever the load");
        assertEquals(3, tooMany.desiredNodes());

        Map<String, List<MetricsSample>> three = Map.of("a", steady(120, 200, 0), "b", steady(120, 200, 0),
                "c", steady(120, 200, 0));
        ScalingAdvice atMax = twoToThree.advise(three, NOW);
        assertEquals(Action.HOLD, atMax.action(), atMax.reason());
        assertEquals(3, atMax.desiredNodes());

        Map<String, List<MetricsSample>> idle = Map.of("a", steady(120, 1, 0), "b", steady(120, 1, 0),
                "c", steady(120, 1, 0));
        ScalingAdvice idleThree = twoToThree.advise(idle, NOW);
        assertEquals(Action.REMOVE, idleThree.action());
        assertEquals(2, idleThree.desiredNodes(), "never below autoscaleMin");
        assertEquals(Action.HOLD, twoToThree.advise(Map.of("a", steady(120, 1, 0), "b", steady(120, 1, 0)), NOW).action());
    }

    @Test
    void aTargetOfZeroLeavesItsMetricOut() {
        ScalingAdvisor socketsOnly = advisor("autoscaleCpuTarget", "0", "autoscaleConnectionsTarget", "100");
        ScalingAdvice busyCpu = socketsOnly.advise(Map.of("a", steady(120, 190, 50)), NOW);
        assertEquals(Action.HOLD, busyCpu.action(), busyCpu.reason());
        ScalingAdvice manySockets = socketsOnly.advise(Map.of("a", steady(120, 1, 250)), NOW);
        assertEquals(Action.ADD, manySockets.action());
        assertEquals(3, manySockets.desiredNodes());
    }

    @Test
    void noNodeNoAdvice() {
        ScalingAdvice advice = advisor().advise(Map.of(), NOW);
        assertEquals(Action.HOLD, advice.action());
        assertEquals(0, advice.nodes());
    }

    @Test
    void aLoadWaveringAroundTheTargetAddsOnceAndNeverFlaps() {
        // 60 % ± 25 % of CPU in all, in waves of 60 s, for 20 minutes; the advice is followed every 5 s
        AutoscaleSimulation cluster = new AutoscaleSimulation(advisor(),
                t -> 60 * (1 + 0.25 * Math.sin(2 * Math.PI * t / 60_000.0)), 1);
        cluster.run(20 * 60);
        assertEquals(List.of(Action.ADD), cluster.actions(), "one node added, never removed: " + cluster.log());
        assertEquals(2, cluster.nodes());
    }

    @Test
    void aRampUpAndDownGrowsOneAtATimeAndShrinksBack() {
        // 0 → 150 % over 2 minutes, 5 minutes at 150 %, then idle
        AutoscaleSimulation cluster = new AutoscaleSimulation(advisor("autoscaleMax", "3"),
                t -> t < 120_000 ? 150 * t / 120_000.0 : t < 420_000 ? 150 : 3, 1);
        cluster.run(15 * 60);
        assertEquals(List.of(Action.ADD, Action.ADD, Action.REMOVE, Action.REMOVE), cluster.actions(), cluster.log());
        assertEquals(1, cluster.nodes());
        assertTrue(cluster.secondsBetweenActions().stream().allMatch(gap -> gap >= 30), "cooldowns: " + cluster.log());
    }
}

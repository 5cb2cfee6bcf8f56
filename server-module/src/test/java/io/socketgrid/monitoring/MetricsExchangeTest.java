package io.socketgrid.monitoring;

import io.socketgrid.broker.HistoryPolicy;
import io.socketgrid.broker.InMemoryBroker;
import io.socketgrid.cluster.LocalClusterState;
import io.socketgrid.engine.SystemChannels;
import io.socketgrid.testing.Eventually;
import jakarta.json.Json;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.socketgrid.monitoring.Samples.update;
import static org.junit.jupiter.api.Assertions.assertEquals;

class MetricsExchangeTest {

    private final InMemoryBroker broker = new InMemoryBroker(new HistoryPolicy(100, Duration.ofMinutes(1)));
    private final LocalClusterState state = new LocalClusterState(Duration.ofSeconds(10));
    private final List<MetricsExchange> exchanges = new java.util.ArrayList<>();

    private static ClusterMetrics view() {
        return new ClusterMetrics(600, Duration.ofSeconds(3), Duration.ofSeconds(60), () -> 100_000);
    }

    private MetricsExchange started(ClusterMetrics view) {
        MetricsExchange exchange = new MetricsExchange(broker, state, view);
        exchange.start();
        exchanges.add(exchange);
        return exchange;
    }

    @AfterEach
    void stop() {
        exchanges.forEach(MetricsExchange::close);
        broker.close();
        state.close();
    }

    private static List<String> nodesIn(ClusterMetrics view) {
        return view.nodes(0).stream().map(ClusterMetrics.NodeSeries::node).toList();
    }

    @Test
    void sharedUpdatesReachEveryNodeAndANodeStartedLaterReadsTheArchive() throws Exception {
        ClusterMetrics first = view();
        ClusterMetrics second = view();
        MetricsExchange a = started(first);
        MetricsExchange b = started(second);
        a.share(update("node-a", 99_000));
        b.share(update("node-b", 99_000));
        for (ClusterMetrics view : List.of(first, second)) {
            Eventually.await("both nodes' samples", () -> nodesIn(view), nodes -> nodes.equals(List.of("node-a", "node-b")));
        }
        MetricsSample received = second.nodes(0).get(0).samples().get(0);
        assertEquals(update("node-a", 99_000).sample(), received, "the sample survives the trip through JSON");

        ScalingAdvice advice = new ScalingAdvice(99_000, ScalingAdvice.Action.ADD, 2, 3, 81.5, 4200, "why");
        List<ScalingAdvice> heard = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (Jsonb jsonb = JsonbBuilder.create(); var listening = broker.subscribe(SystemChannels.METRICS,
                message -> heard.add(jsonb.fromJson(message.data().toString(), MetricsUpdate.class).advice()))) {
            listening.ready().toCompletableFuture().get(10, java.util.concurrent.TimeUnit.SECONDS);
            a.share(new MetricsUpdate("node-a", Samples.at(100_000, 1, 10), Map.of(), advice));
            Eventually.await("the advice in the update", () -> heard, list -> !list.isEmpty());
        }
        assertEquals(advice, heard.get(0), "the advice survives the trip through JSON");

        ClusterMetrics late = view();
        started(late);
        Eventually.await("the archive read by a node started later", () -> nodesIn(late),
                nodes -> nodes.equals(List.of("node-a", "node-b")));
    }

    @Test
    void anUnreadableUpdateIsCountedAndSkipped() throws Exception {
        ClusterMetrics view = view();
        MetricsExchange exchange = started(view);
        broker.publish(SystemChannels.METRICS, Json.createObjectBuilder().add("node", "x").build());
        broker.publish(SystemChannels.METRICS, Json.createValue("not an update"));
        exchange.share(update("node-a", 99_000));
        Eventually.await("the good update", () -> nodesIn(view), nodes -> nodes.equals(List.of("node-a")));
        assertEquals(2, exchange.unreadable());
        assertEquals(Map.of("news", 99), view.nodes(0).get(0).channels());
    }
}

package io.socketgrid.jakarta;

import io.socketgrid.cluster.NodeInfo;
import io.socketgrid.concurrent.DaemonThreads;
import io.socketgrid.monitoring.MetricsSample;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The cluster's samples for the autoscaling advice, gathered on request: this node's from memory, every
 * other live node's from its {@code GET /socketgrid/metrics} at its advertised URL (so a peer must accept
 * this node as an operations client: true on one machine). Nodes seen before and no longer live are
 * returned as gone, with their last samples, for as long as the caller asks, so that their departure holds
 * the advice. A stopgap until the cluster-wide view of docs/MONITORING.md holds every node's samples.
 */
@ApplicationScoped
public class PeerSamples {

    private static final System.Logger LOG = System.getLogger(PeerSamples.class.getName());
    private static final Duration TIMEOUT = Duration.ofSeconds(3);

    /** The up nodes' samples and the gone nodes' last ones, by node id, oldest first. */
    public record Snapshot(Map<String, List<MetricsSample>> up, Map<String, List<MetricsSample>> gone) {
    }

    @Inject
    SocketGridRuntime runtime;

    private final ExecutorService executor = Executors.newCachedThreadPool(DaemonThreads.named("socketgrid-peer-samples"));
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).executor(executor).build();
    private final Jsonb jsonb = JsonbBuilder.create();
    private final Map<String, List<MetricsSample>> lastSeen = new HashMap<>();

    /**
     * Every live node's samples; a node whose samples cannot be read is up with none. Gone: nodes seen live
     * by an earlier call whose last sample is younger than {@code keepGone}.
     */
    public synchronized Snapshot collect(Duration keepGone) throws ExecutionException, TimeoutException, InterruptedException {
        List<NodeInfo> nodes = runtime.clusterState().nodes().toCompletableFuture()
                .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        Map<String, CompletableFuture<List<MetricsSample>>> fetches = new LinkedHashMap<>();
        for (NodeInfo node : nodes) {
            fetches.put(node.nodeId(), node.nodeId().equals(runtime.engine().nodeId())
                    ? CompletableFuture.completedFuture(runtime.metricsHistory()) : fetch(node));
        }
        Map<String, List<MetricsSample>> up = new LinkedHashMap<>();
        for (Map.Entry<String, CompletableFuture<List<MetricsSample>>> fetch : fetches.entrySet()) {
            up.put(fetch.getKey(), fetch.getValue().get(2 * TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
        }
        up.forEach((node, samples) -> {
            if (!samples.isEmpty()) {
                lastSeen.put(node, samples);
            }
        });
        long oldest = System.currentTimeMillis() - keepGone.toMillis();
        lastSeen.values().removeIf(samples -> samples.get(samples.size() - 1).at() < oldest);
        Map<String, List<MetricsSample>> gone = new LinkedHashMap<>(lastSeen);
        gone.keySet().removeAll(up.keySet());
        return new Snapshot(up, gone);
    }

    private CompletableFuture<List<MetricsSample>> fetch(NodeInfo node) {
        if (node.url().isEmpty()) {
            return CompletableFuture.completedFuture(List.of());
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create(node.url()).resolve("socketgrid/metrics"))
                .timeout(TIMEOUT).GET().build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).thenApply(response -> {
            if (response.statusCode() != 200) {
                throw new IllegalStateException("HTTP " + response.statusCode());
            }
            return jsonb.fromJson(response.body(), MetricsServlet.MetricsReport.class).samples();
        }).exceptionally(failure -> {
            LOG.log(System.Logger.Level.WARNING, "no samples from node " + node.nodeId() + " at " + node.url()
                    + ": " + failure);
            return List.of();
        });
    }

    @PreDestroy
    void close() {
        executor.shutdownNow();
        try {
            jsonb.close();
        } catch (Exception e) {
            // nothing holds resources worth reporting here
        }
    }
}

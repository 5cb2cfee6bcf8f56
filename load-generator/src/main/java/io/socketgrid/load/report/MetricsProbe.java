package io.socketgrid.load.report;

import jakarta.json.Json;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;

import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * SocketGrid's own view of itself: at the end of the run, {@code GET /socketgrid/metrics?since=<window start>}
 * (docs/MONITORING.md), the samples of every node taken during the measured window. Reports, summed over
 * nodes, each node's mean {@code processCpuPercent} and its peak {@code heapUsedBytes} and {@code connections}.
 * SocketGrid answers this document to requests from its own machine (or its {@code opsRole}); elsewhere the
 * report says it was refused.
 */
public final class MetricsProbe implements ServerProbe {

    private final URI metrics;
    private final HttpClient http;

    public MetricsProbe(URI metrics) {
        this.metrics = metrics;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    @Override
    public Sample sample() {
        return Sample.NONE; // read once, at the end: a request a second would load the server under test
    }

    @Override
    public void report(Figures figures, long fromEpochMillis, long toEpochMillis) {
        figures.put("server.metrics.url", metrics.toString());
        String body;
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(metrics + "?since=" + fromEpochMillis))
                    .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                figures.put("server.metrics.problem", "HTTP " + response.statusCode());
                return;
            }
            body = response.body();
        } catch (IOException e) {
            figures.put("server.metrics.problem", e.toString());
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            figures.put("server.metrics.problem", "interrupted");
            return;
        }
        summarize(body, figures, fromEpochMillis, toEpochMillis);
    }

    /** Adds the figures of a metrics document's samples taken in the window. */
    static void summarize(String document, Figures figures, long fromEpochMillis, long toEpochMillis) {
        JsonObject root;
        try (JsonReader reader = Json.createReader(new StringReader(document))) {
            root = reader.readObject();
        } catch (RuntimeException e) {
            figures.put("server.metrics.problem", "not a metrics document: " + e.getMessage());
            return;
        }
        Window total = new Window();
        int nodes = 0;
        for (JsonValue node : root.getJsonArray("nodes")) {
            Window window = new Window();
            for (JsonValue sample : node.asJsonObject().getJsonArray("samples")) {
                long at = sample.asJsonObject().getJsonNumber("at").longValue();
                if (at > fromEpochMillis && at <= toEpochMillis) {
                    window.add(sample.asJsonObject());
                }
            }
            if (window.samples > 0) {
                nodes++;
                total.cpuSum += window.cpuSum / window.samples;
                total.heapPeak += window.heapPeak;
                total.connectionsPeak += window.connectionsPeak;
            }
        }
        figures.put("server.metrics.nodes", nodes)
                .put("server.metrics.cpuPercentMean", nodes > 0 ? total.cpuSum : Double.NaN)
                .put("server.metrics.heapUsedPeakBytes", total.heapPeak)
                .put("server.metrics.connectionsPeak", total.connectionsPeak);
    }

    /** One node's samples in the window: their count, CPU sum and peaks (or, summed over nodes, the totals). */
    private static final class Window {
        int samples;
        double cpuSum;
        long heapPeak;
        long connectionsPeak;

        void add(JsonObject sample) {
            samples++;
            cpuSum += number(sample, "processCpuPercent");
            heapPeak = Math.max(heapPeak, (long) number(sample, "heapUsedBytes"));
            connectionsPeak = Math.max(connectionsPeak, (long) number(sample, "connections"));
        }
    }

    private static double number(JsonObject object, String name) {
        return object.get(name) instanceof JsonNumber n ? n.doubleValue() : 0;
    }
}

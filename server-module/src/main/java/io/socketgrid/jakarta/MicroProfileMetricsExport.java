package io.socketgrid.jakarta;

import io.socketgrid.monitoring.MetricsSample;
import io.socketgrid.monitoring.MetricsSampler;
import io.socketgrid.monitoring.NodeCounters;
import io.socketgrid.monitoring.PrometheusCounters;
import io.socketgrid.monitoring.PrometheusGauges;
import io.socketgrid.monitoring.PrometheusMetric;
import io.socketgrid.monitoring.PrometheusSeries;
import jakarta.enterprise.inject.Instance;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricID;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Puts SocketGrid's {@link PrometheusCounters} and {@link PrometheusGauges} into MicroProfile Metrics' application
 * registry, which the server exposes in Prometheus text (Payara Micro: {@code /metrics}, tagged
 * {@code mp_scope="application"}). The only class that names a MicroProfile Metrics type: load it only after
 * {@link PrometheusExport} has found the API.
 *
 * <p>Counters are real MP counters advanced by the growth of the node's totals at each per-second sample
 * ({@link Counter#inc(long)}), not gauges over the totals: only a counter is exported as {@code # TYPE counter},
 * which is what Prometheus' {@code rate()} and {@code increase()} and the {@code _total} convention expect. They lag
 * the engine by at most the one-second sample interval, and equal the {@code /socketgrid/metrics} figures. Gauges
 * read the last sample when scraped. The message path is not touched: everything runs on the sampling thread
 * once a second, or on the scraping thread.
 *
 * <p>A series is registered the first time a sample has it (every untagged one at the first sample; a close code
 * or a thread group when it first occurs). {@link #sampled} and {@link #close} may run on different threads.
 */
final class MicroProfileMetricsExport implements MetricsSampler.Listener {

    private final MetricRegistry registry;
    private final Map<PrometheusSeries, Counter> counters = new HashMap<>();
    private final Set<PrometheusSeries> gauges = new HashSet<>();
    private final List<MetricID> registered = new ArrayList<>();
    private volatile Map<PrometheusSeries, Number> levels = Map.of();
    private boolean closed;

    MicroProfileMetricsExport(MetricRegistry registry) {
        this.registry = registry;
    }

    /**
     * The export into the application registry, or empty when the server offers none as a CDI bean. An
     * unqualified {@code MetricRegistry} is the application registry (MicroProfile Metrics 5,
     * {@code @RegistryScope}'s default).
     */
    static Optional<MicroProfileMetricsExport> intoApplicationRegistry(Instance<Object> beans) {
        Instance<MetricRegistry> registries = beans.select(MetricRegistry.class);
        return registries.isResolvable() ? Optional.of(new MicroProfileMetricsExport(registries.get())) : Optional.empty();
    }

    @Override
    public synchronized void sampled(NodeCounters totals, MetricsSample sample) {
        if (closed) {
            return;
        }
        // gauges first: a scrape that sees the counters of this sample sees its gauges too
        levels = PrometheusGauges.read(sample);
        for (PrometheusSeries series : levels.keySet()) {
            if (gauges.add(series)) {
                registerGauge(series);
            }
        }
        PrometheusCounters.read(totals).forEach((series, total) -> {
            Counter counter = counters.computeIfAbsent(series, this::registerCounter);
            long behind = total.longValue() - counter.getCount();
            if (behind > 0) {
                counter.inc(behind);
            }
        });
    }

    /** Removes every SocketGrid metric from the registry; later samples are ignored. */
    synchronized void close() {
        closed = true;
        registered.forEach(registry::remove);
        registered.clear();
    }

    private Counter registerCounter(PrometheusSeries series) {
        registered.add(new MetricID(series.metric().prometheusName(), tags(series)));
        return registry.counter(metadata(series.metric()), tags(series));
    }

    /**
     * Registers a gauge that reads the last sample's level of {@code series}; 0 when the last sample lacks it
     * (a thread group left without threads).
     */
    private void registerGauge(PrometheusSeries series) {
        registered.add(new MetricID(series.metric().prometheusName(), tags(series)));
        registry.gauge(metadata(series.metric()), series, key -> levels.getOrDefault(key, 0).doubleValue(), tags(series));
    }

    /** Name and help only: with a unit, the server would append it to the name or rescale the value. */
    private static Metadata metadata(PrometheusMetric<?> metric) {
        return Metadata.builder().withName(metric.prometheusName()).withDescription(metric.help()).build();
    }

    private static Tag[] tags(PrometheusSeries series) {
        return series.tags().entrySet().stream().map(tag -> new Tag(tag.getKey(), tag.getValue())).toArray(Tag[]::new);
    }
}

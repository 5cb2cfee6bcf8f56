package io.socketgrid.monitoring;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * One of SocketGrid's Prometheus metrics (docs/MONITORING.md, "Prometheus"): its name under {@code socketgrid_},
 * its help text, the tag that splits it into series ({@code null} when it has one series), and how to read its
 * values from a figure source {@code T} ({@link PrometheusCounters} read {@link NodeCounters},
 * {@link PrometheusGauges} read a {@link MetricsSample}).
 *
 * @param byTagValue the values by tag value; for an untagged metric, one value under any key
 */
public record PrometheusMetric<T>(String prometheusName, String help, String tag,
                                  Function<T, Map<String, ? extends Number>> byTagValue) {

    /** A metric with one series. */
    static <T> PrometheusMetric<T> untagged(String prometheusName, String help, Function<T, Number> value) {
        return new PrometheusMetric<>(prometheusName, help, null, source -> Map.of("", value.apply(source)));
    }

    /** A metric with a series per value of {@code tag}. */
    static <T> PrometheusMetric<T> tagged(String prometheusName, String help, String tag,
                                          Function<T, Map<String, ? extends Number>> byTagValue) {
        return new PrometheusMetric<>(prometheusName, help, tag, byTagValue);
    }

    /** The series of every one of {@code metrics} in {@code source}, with their values, in the metrics' order. */
    static <T> Map<PrometheusSeries, Number> read(List<PrometheusMetric<T>> metrics, T source) {
        Map<PrometheusSeries, Number> series = new LinkedHashMap<>();
        for (PrometheusMetric<T> metric : metrics) {
            metric.byTagValue.apply(source).forEach((value, number) ->
                    series.put(metric.tag == null ? PrometheusSeries.of(metric) : PrometheusSeries.of(metric, value), number));
        }
        return series;
    }
}

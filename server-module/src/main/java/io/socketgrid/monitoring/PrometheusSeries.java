package io.socketgrid.monitoring;

import java.util.Map;

/**
 * One time series of a {@link PrometheusMetric}: the metric and its tags (none, or the metric's one tag with a
 * value).
 */
public record PrometheusSeries(PrometheusMetric<?> metric, Map<String, String> tags) {

    public PrometheusSeries {
        tags = Map.copyOf(tags);
    }

    /** The one series of an untagged metric. */
    public static PrometheusSeries of(PrometheusMetric<?> metric) {
        return new PrometheusSeries(metric, Map.of());
    }

    /** The series of a tagged metric whose tag has {@code value}. */
    public static PrometheusSeries of(PrometheusMetric<?> metric, String value) {
        return new PrometheusSeries(metric, Map.of(metric.tag(), value));
    }
}

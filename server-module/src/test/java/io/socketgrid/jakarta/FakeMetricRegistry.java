package io.socketgrid.jakarta;

import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricID;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;

import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.DoubleSupplier;
import java.util.function.Function;

/**
 * The part of a MicroProfile Metrics registry that {@link MicroProfileMetricsExport} uses (register a counter or
 * a function gauge, remove by id), recording what is registered; any other call fails the test.
 */
final class FakeMetricRegistry {

    final Map<MetricID, AtomicLong> counters = new TreeMap<>();
    final Map<MetricID, DoubleSupplier> gauges = new TreeMap<>();
    final Map<String, String> help = new TreeMap<>();
    /** Runs whenever a counter moves, before it does. */
    Runnable beforeCounterMoves = () -> { };

    final MetricRegistry registry = (MetricRegistry) Proxy.newProxyInstance(getClass().getClassLoader(),
            new Class<?>[] {MetricRegistry.class}, (proxy, method, args) -> switch (method.getName()) {
                case "counter" -> counter((Metadata) args[0], (Tag[]) args[1]);
                case "gauge" -> gauge((Metadata) args[0], args[1], (Function<?, ?>) args[2], (Tag[]) args[3]);
                case "remove" -> counters.remove((MetricID) args[0]) != null | gauges.remove((MetricID) args[0]) != null;
                default -> throw new UnsupportedOperationException(method.toString());
            });

    long count(String name, Tag... tags) {
        return counters.get(new MetricID(name, tags)).get();
    }

    double level(String name, Tag... tags) {
        return gauges.get(new MetricID(name, tags)).getAsDouble();
    }

    private Counter counter(Metadata metadata, Tag[] tags) {
        help.put(metadata.getName(), metadata.getDescription());
        AtomicLong count = counters.computeIfAbsent(new MetricID(metadata.getName(), tags), id -> new AtomicLong());
        return (Counter) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Counter.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("getCount")) {
                        return count.get();
                    }
                    if (method.getName().equals("inc")) {
                        beforeCounterMoves.run();
                        count.addAndGet(args == null ? 1 : (Long) args[0]);
                        return null;
                    }
                    throw new UnsupportedOperationException(method.toString());
                });
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private Object gauge(Metadata metadata, Object source, Function function, Tag[] tags) {
        help.put(metadata.getName(), metadata.getDescription());
        gauges.put(new MetricID(metadata.getName(), tags), () -> ((Number) function.apply(source)).doubleValue());
        return null;
    }
}

package io.socketgrid.monitoring;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Turns a node's cumulative counters into per-second samples. {@link #tick()} is called by one thread, once
 * per interval. Nothing here touches the message path: the counters it reads are the engine's lock-free adders.
 */
public final class MetricsSampler {

    /** The JVM-wide figures a sample carries besides the node's counters; a test gives fixed ones. */
    public interface JvmGauges {
        /** The whole process's CPU time so far, nanoseconds (negative when unknown). */
        long processCpuNanos();

        long heapUsedBytes();

        /** Collections so far, and milliseconds the collectors reported so far. */
        long[] gcCountAndMillis();

        JvmGauges PLATFORM = new JvmGauges() {
            private final LongSupplier processCpu = processCpuTime();

            @Override
            public long processCpuNanos() {
                return processCpu.getAsLong();
            }

            @Override
            public long heapUsedBytes() {
                return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
            }

            @Override
            public long[] gcCountAndMillis() {
                long count = 0;
                long millis = 0;
                for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
                    count += Math.max(0, gc.getCollectionCount());
                    millis += Math.max(0, gc.getCollectionTime());
                }
                return new long[] {count, millis};
            }
        };

        /**
         * The process's CPU time through {@code com.sun.management}, where the application may see that package;
         * else (WildFly hides {@code jdk.management} from deployments) the same figure as the platform MBean
         * attribute {@code java.lang:type=OperatingSystem/ProcessCpuTime}; else -1.
         */
        private static LongSupplier processCpuTime() {
            OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
            try {
                if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
                    return sun::getProcessCpuTime;
                }
            } catch (NoClassDefFoundError hidden) {
                // fall through to the MBean attribute
            }
            return () -> {
                try {
                    Object nanos = ManagementFactory.getPlatformMBeanServer()
                            .getAttribute(os.getObjectName(), "ProcessCpuTime");
                    return nanos instanceof Long value ? value : -1;
                } catch (javax.management.JMException | RuntimeException unavailable) {
                    return -1;
                }
            };
        }
    }

    /** Hears of every sample, on the sampling thread, right after it is kept. */
    public interface Listener {
        /**
         * @param totals the counters the sample was computed from (totals since start; see {@link NodeCounters})
         * @param sample the sample just kept
         */
        void sampled(NodeCounters totals, MetricsSample sample);
    }

    private final Supplier<NodeCounters> counters;
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private final ThreadCpuSampler threads;
    private final JvmGauges jvm;
    private final LongSupplier nanoTime;
    private final LongSupplier wallClock;
    private NodeCounters last;
    private long lastAt;
    private long lastCpu;
    private long[] lastGc;

    public MetricsSampler(Supplier<NodeCounters> counters, ThreadCpuSampler threads, JvmGauges jvm,
                          LongSupplier nanoTime, LongSupplier wallClock) {
        this.counters = counters;
        this.threads = threads;
        this.jvm = jvm;
        this.nanoTime = nanoTime;
        this.wallClock = wallClock;
        this.last = counters.get();
        this.lastAt = nanoTime.getAsLong();
        this.lastCpu = jvm.processCpuNanos();
        this.lastGc = jvm.gcCountAndMillis();
    }

    /** Takes a sample of the interval since the previous one. */
    public MetricsSample tick() {
        NodeCounters now = counters.get();
        long at = nanoTime.getAsLong();
        double seconds = Math.max(1e-9, (at - lastAt) / 1e9);
        long cpu = jvm.processCpuNanos();
        long[] gc = jvm.gcCountAndMillis();
        ThreadCpuSampler.Sample threadSample = threads.sample();
        Map<String, Double> byPool = new LinkedHashMap<>();
        threadSample.pools().forEach((pool, share) -> byPool.put(pool.name(), round(share.cpuPercent())));
        List<MetricsSample.BusyThread> busiest = threadSample.busiest().stream()
                .map(thread -> new MetricsSample.BusyThread(thread.name(), thread.pool().name(), round(thread.cpuPercent())))
                .toList();
        MetricsSample sample = new MetricsSample(wallClock.getAsLong(), now.connections(),
                rate(now.opened() - last.opened(), seconds), rate(now.handshakes() - last.handshakes(), seconds),
                rate(now.closed() - last.closed(), seconds), growth(last.closeCodes(), now.closeCodes()),
                rate(now.messagesIn() - last.messagesIn(), seconds), rate(now.messagesOut() - last.messagesOut(), seconds),
                rate(now.charsIn() - last.charsIn() + now.binaryBytesIn() - last.binaryBytesIn(), seconds),
                rate(now.charsOut() - last.charsOut() + now.binaryBytesOut() - last.binaryBytesOut(), seconds),
                rate(now.publishes() - last.publishes(), seconds), rate(now.deliveries() - last.deliveries(), seconds),
                rate(now.invokes() - last.invokes(), seconds), now.invokeLatency(),
                rate(now.fileBytesReceived() - last.fileBytesReceived() + now.fileBytesSent() - last.fileBytesSent(), seconds),
                now.sendQueueBytes(), now.sendQueueMaxBytes(), now.slowConsumersClosed() - last.slowConsumersClosed(),
                cpu < 0 || lastCpu < 0 ? -1 : round(100.0 * (cpu - lastCpu) / 1e9 / seconds),
                Collections.unmodifiableMap(byPool), busiest, jvm.heapUsedBytes(), gc[0] - lastGc[0], gc[1] - lastGc[1]);
        last = now;
        lastAt = at;
        lastCpu = cpu;
        lastGc = gc;
        for (Listener listener : listeners) {
            listener.sampled(now, sample);
        }
        return sample;
    }

    /**
     * Calls {@code listener} after every later {@link #tick()}, on the ticking thread; may be called from any
     * thread. A listener that throws leaves the sample taken, and the exception reaches {@code tick}'s caller.
     */
    public void addListener(Listener listener) {
        listeners.add(listener);
    }

    /** What grew between two sets of totals, keeping only keys that grew. */
    private static Map<String, Long> growth(Map<String, Long> before, Map<String, Long> after) {
        Map<String, Long> grown = new TreeMap<>();
        after.forEach((key, total) -> {
            long delta = total - before.getOrDefault(key, 0L);
            if (delta > 0) {
                grown.put(key, delta);
            }
        });
        return Collections.unmodifiableMap(grown);
    }

    private static double rate(long delta, double seconds) {
        return round(Math.max(0, delta) / seconds);
    }

    private static double round(double value) {
        return Math.round(value * 10) / 10.0;
    }
}

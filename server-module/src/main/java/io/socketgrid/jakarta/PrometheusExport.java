package io.socketgrid.jakarta;

import io.socketgrid.monitoring.MetricsSampler;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import java.util.Optional;
import java.util.function.Consumer;

/**
 * Exports this node's figures to Prometheus through MicroProfile Metrics where the server has it (Payara Micro
 * serves them at {@code /metrics}), and stays off where it has not (WildFly without MicroProfile Metrics), so the
 * same WAR deploys on both. Logs one line at start saying which.
 *
 * <p>Portability contract: this bean names no MicroProfile type, in its members or signatures, so CDI can
 * inspect it where the API is missing; {@link MicroProfileMetricsExport}, which does, is only loaded after the
 * API class was found.
 */
@ApplicationScoped
public class PrometheusExport {

    private static final System.Logger LOG = System.getLogger(PrometheusExport.class.getName());

    /** The class whose presence means the server offers MicroProfile Metrics. */
    static final String METRICS_API = "org.eclipse.microprofile.metrics.MetricRegistry";

    @Inject
    SocketGridRuntime runtime;

    @Inject
    Instance<Object> beans;

    private Runnable stop = () -> { };

    void onStartup(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
        if (!runtime.config().metrics()) {
            LOG.log(System.Logger.Level.INFO, "Prometheus export off: socketgrid.metrics=false");
            return;
        }
        stop = start(PrometheusExport.class.getClassLoader(), beans, runtime::onMetricsSample);
    }

    /**
     * Starts the export if {@code classes} has the MicroProfile Metrics API and the server offers a registry,
     * feeding it from {@code samples}; logs whether it did.
     *
     * @return what stops the export (nothing when it is off)
     */
    static Runnable start(ClassLoader classes, Instance<Object> beans, Consumer<MetricsSampler.Listener> samples) {
        if (!present(METRICS_API, classes)) {
            LOG.log(System.Logger.Level.INFO, "Prometheus export off: this server has no MicroProfile Metrics API");
            return () -> { };
        }
        Optional<MicroProfileMetricsExport> export = MicroProfileMetricsExport.intoApplicationRegistry(beans);
        if (export.isEmpty()) {
            LOG.log(System.Logger.Level.INFO, "Prometheus export off: MicroProfile Metrics offers no application registry");
            return () -> { };
        }
        samples.accept(export.get());
        LOG.log(System.Logger.Level.INFO, "Prometheus export on: socketgrid_* metrics in MicroProfile Metrics' "
                + "application registry (Payara Micro: /metrics?scope=application), from the first sample on");
        return export.get()::close;
    }

    private static boolean present(String className, ClassLoader classes) {
        try {
            Class.forName(className, false, classes);
            return true;
        } catch (ClassNotFoundException | LinkageError missing) {
            return false;
        }
    }

    @PreDestroy
    void stop() {
        stop.run();
    }
}

package io.socketgrid.jakarta;

import io.socketgrid.monitoring.MetricsSampler;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The WAR must deploy where the MicroProfile Metrics API is missing (WildFly): SocketGrid's classes, loaded by a
 * class loader that hides the API, are inspected as CDI inspects a bean, and the export is started.
 */
class PrometheusExportPortabilityTest {

    /** Defines SocketGrid's classes itself (so their references resolve here) and hides MicroProfile Metrics. */
    static final class WithoutMicroProfileMetrics extends ClassLoader {

        WithoutMicroProfileMetrics() {
            super(PrometheusExportPortabilityTest.class.getClassLoader());
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (name.startsWith("org.eclipse.microprofile.")) {
                throw new ClassNotFoundException(name + " (hidden: a server without MicroProfile Metrics)");
            }
            if (!name.startsWith("io.socketgrid.")) {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> loaded = findLoadedClass(name);
                return loaded != null ? loaded : defineFromParent(name);
            }
        }

        private Class<?> defineFromParent(String name) throws ClassNotFoundException {
            try (InputStream in = getParent().getResourceAsStream(name.replace('.', '/') + ".class")) {
                if (in == null) {
                    throw new ClassNotFoundException(name);
                }
                byte[] bytes = in.readAllBytes();
                return defineClass(name, bytes, 0, bytes.length);
            } catch (IOException e) {
                throw new ClassNotFoundException(name, e);
            }
        }
    }

    private final ClassLoader withoutApi = new WithoutMicroProfileMetrics();

    @Test
    void theHiddenApiIsReallyMissingForTheOneClassThatUsesIt() throws Exception {
        assertThrows(ClassNotFoundException.class, () -> Class.forName(PrometheusExport.METRICS_API, false, withoutApi));
        Class<?> export = Class.forName(MicroProfileMetricsExport.class.getName(), false, withoutApi);
        assertThrows(NoClassDefFoundError.class, export::getDeclaredConstructors);
    }

    @Test
    void cdiCanInspectTheBeanWithoutTheApi() throws Exception {
        Class<?> bean = Class.forName(PrometheusExport.class.getName(), true, withoutApi);
        assertDoesNotThrow(bean::getDeclaredFields);
        assertDoesNotThrow(bean::getDeclaredMethods);
        assertDoesNotThrow(bean::getDeclaredConstructors);
    }

    @Test
    void withoutTheApiTheExportIsOffAndNothingListensToSamples() throws Exception {
        Class<?> bean = Class.forName(PrometheusExport.class.getName(), true, withoutApi);
        Method start = bean.getDeclaredMethod("start", ClassLoader.class, jakarta.enterprise.inject.Instance.class,
                Consumer.class);
        start.setAccessible(true); // package-private, and this class loader makes another runtime package
        List<MetricsSampler.Listener> listeners = new ArrayList<>();
        Consumer<MetricsSampler.Listener> samples = listeners::add;
        Runnable stop = (Runnable) start.invoke(null, withoutApi, null, samples);
        stop.run();
        assertEquals(List.of(), listeners);
    }
}

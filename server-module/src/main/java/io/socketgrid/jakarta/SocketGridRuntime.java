package io.socketgrid.jakarta;

import io.socketgrid.api.SocketGridApplication;
import io.socketgrid.api.SocketGridServer;
import io.socketgrid.broker.Broker;
import io.socketgrid.config.SocketGridConfig;
import io.socketgrid.engine.EngineCounters;
import io.socketgrid.engine.EngineStats;
import io.socketgrid.engine.SocketGridEngine;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;

/**
 * Owns SocketGrid's engine, broker and counters for the life of the application: started when the
 * application starts (so every {@link SocketGridApplication} is configured before the first socket), stopped
 * when it stops, closing every socket with 1001.
 */
@ApplicationScoped
public class SocketGridRuntime {

    private static final System.Logger LOG = System.getLogger(SocketGridRuntime.class.getName());

    @Inject
    Instance<SocketGridApplication> applications;

    private SocketGridConfig config;
    private Broker broker;
    private EngineCounters counters;
    private SocketGridEngine engine;

    @PostConstruct
    void start() {
        config = SocketGridConfig.fromEnvironment();
        broker = BrokerSelection.choose(config);
        counters = new EngineCounters();
        engine = new SocketGridEngine(config, broker, counters);
        int configured = 0;
        for (SocketGridApplication application : applications) {
            application.configure(engine.handlers());
            configured++;
        }
        LOG.log(System.Logger.Level.INFO, "SocketGrid started: " + configured + " application(s), " + config);
    }

    /** Creates the runtime eagerly when the application starts. */
    void onStartup(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
        engine();
    }

    @PreDestroy
    void stop() {
        engine.close();
        broker.close();
    }

    public SocketGridEngine engine() {
        return engine;
    }

    public SocketGridConfig config() {
        return config;
    }

    /** What carries channel messages (see {@link Broker#describe()}). */
    public String brokerDescription() {
        return broker.describe();
    }

    public EngineStats stats() {
        return counters.snapshot(engine.localConnectionCount());
    }

    /** Lets application beans {@code @Inject SocketGridServer} to publish and reach sockets. */
    @Produces
    @ApplicationScoped
    SocketGridServer server() {
        return engine;
    }
}

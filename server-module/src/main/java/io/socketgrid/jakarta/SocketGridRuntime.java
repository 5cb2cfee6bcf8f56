package io.socketgrid.jakarta;

import io.socketgrid.api.SocketGridApplication;
import io.socketgrid.api.FileTransfers;
import io.socketgrid.api.SocketGridServer;
import io.socketgrid.api.StoredFile;
import io.socketgrid.broker.Broker;
import io.socketgrid.cluster.ClusterState;
import io.socketgrid.cluster.NodeInfo;
import io.socketgrid.concurrent.DaemonThreads;
import io.socketgrid.config.SocketGridConfig;
import io.socketgrid.engine.EngineCounters;
import io.socketgrid.engine.EngineStats;
import io.socketgrid.engine.PresenceListener;
import io.socketgrid.engine.SecurityEvent;
import io.socketgrid.engine.SocketGridEngine;
import io.socketgrid.files.FileStats;
import io.socketgrid.files.FileStore;
import io.socketgrid.monitoring.ClusterMetrics;
import io.socketgrid.monitoring.MetricsExchange;
import io.socketgrid.monitoring.MetricsSample;
import io.socketgrid.monitoring.MetricsUpdate;
import io.socketgrid.monitoring.ScalingAdvice;
import io.socketgrid.monitoring.ScalingAdvisor;
import io.socketgrid.monitoring.MetricsSampler;
import io.socketgrid.monitoring.NodeCounters;
import io.socketgrid.monitoring.ThreadCpuSampler;
import io.socketgrid.files.FileTransferService;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

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

    @Inject
    Event<StoredFile> storedFiles;

    private SocketGridConfig config;
    private ClusterBackend backend;
    private EngineCounters counters;
    private SocketGridEngine engine;
    private NodeReporter reporter;
    private FileTransferService files;
    private MetricsSampler metrics;
    private ClusterMetrics clusterMetrics;
    private ScalingAdvisor advisor;
    private MetricsExchange metricsExchange;
    private ScheduledExecutorService metricsTimer;
    private UpgradeRequestTrim upgradeTrim;
    private TyrusFrameWriter frameWriter;

    /** Samples kept of every node: ten minutes at one a second. */
    static final int METRICS_KEPT = 600;
    /** A node whose newest sample is older than this is shown silent. */
    static final Duration SILENT_AFTER = Duration.ofSeconds(3);
    /** A node silent for this long is dropped from the metrics. */
    static final Duration DROP_AFTER = Duration.ofSeconds(60);
    /** Channels whose subscriber counts a node shares each second (its largest). */
    static final int CHANNELS_SHARED = 50;

    /**
     * Starts the node. A start that fails stops what it had started before failing: the CDI container would
     * otherwise try again on the next call through the proxy (the node reporter's, every few seconds), each
     * time with another cluster backend, and on a server without Hazelcast another embedded member.
     */
    @PostConstruct
    void start() {
        try {
            startNode();
        } catch (RuntimeException | Error failure) {
            try {
                stop();
            } catch (RuntimeException | Error alsoFailed) {
                failure.addSuppressed(alsoFailed);
            }
            throw failure;
        }
    }

    private void startNode() {
        config = SocketGridConfig.fromEnvironment();
        warnOfUnknownSettings();
        upgradeTrim = config.upgradeRequestTrim() ? new UpgradeRequestTrim() : null;
        frameWriter = config.preparedTextFrames() ? new TyrusFrameWriter() : null;
        backend = ClusterBackend.choose(config);
        counters = new EngineCounters(config.metrics());
        ClusterState state = backend.state();
        String nodeId = state.localNodeId();
        engine = SocketGridEngine.builder(config, backend.broker()).observer(counters).nodeId(nodeId).presence(new PresenceListener() {
            @Override
            public void joined(String channel, String socketId) {
                state.joined(channel, socketId, nodeId);
            }

            @Override
            public void left(String channel, String socketId) {
                state.left(channel, socketId);
            }
        }).build();
        files = new FileTransferService(engine, config, backend.route(), openStore(config), () -> state.nodes()
                .thenApply(nodes -> nodes.stream().map(NodeInfo::nodeId).collect(Collectors.toSet())),
                storedFiles::fireAsync);
        int configured = 0;
        for (SocketGridApplication application : applications) {
            application.configure(engine.handlers());
            configured++;
        }
        reporter = new NodeReporter(engine, state, config);
        if (config.metrics()) {
            startMetrics(state);
        }
        LOG.log(System.Logger.Level.INFO, "SocketGrid node " + nodeId + " started: " + configured
                + " application(s), " + config);
    }

    /** Samples this node every second and shares the samples with the cluster (docs/MONITORING.md). */
    private void startMetrics(ClusterState state) {
        metrics = new MetricsSampler(this::nodeCounters, new ThreadCpuSampler(), MetricsSampler.JvmGauges.PLATFORM,
                System::nanoTime, System::currentTimeMillis);
        clusterMetrics = new ClusterMetrics(METRICS_KEPT, SILENT_AFTER, DROP_AFTER, System::currentTimeMillis);
        advisor = new ScalingAdvisor(config.autoscale());
        metricsExchange = new MetricsExchange(backend.broker(), state, clusterMetrics);
        metricsExchange.start();
        metricsTimer = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("socketgrid-metrics"));
        metricsTimer.scheduleAtFixedRate(this::sampleMetrics, 1, 1, TimeUnit.SECONDS);
    }

    /** The scripts' own environment variables: they configure run.sh, cluster.sh and bench.sh, not the WAR. */
    private static final Set<String> SCRIPT_VARIABLES = Set.of("SOCKETGRID_PORT", "SOCKETGRID_RUN_DIR",
            "SOCKETGRID_WAR", "SOCKETGRID_HZ_CONFIG", "SOCKETGRID_MICRO_JAR", "SOCKETGRID_LB_PORT",
            "SOCKETGRID_CLUSTER_DIR", "SOCKETGRID_CLUSTER_HTTP_BASE", "SOCKETGRID_CLUSTER_HZ_BASE",
            "SOCKETGRID_TLS_PORT", "SOCKETGRID_TLS_KEYSTORE", "SOCKETGRID_TLS_KEYSTORE_PASSWORD",
            "SOCKETGRID_TLS_ALIAS", "SOCKETGRID_BENCH_LOCKED", "SOCKETGRID_SERVER", "SOCKETGRID_SERVERS_DIR",
            "SOCKETGRID_INTEROP_PORT", "SOCKETGRID_JIT_NICE");

    private static void warnOfUnknownSettings() {
        for (String unknown : SocketGridConfig.unknownSettings(System.getProperties().stringPropertyNames(),
                System.getenv().keySet(), SCRIPT_VARIABLES)) {
            LOG.log(System.Logger.Level.WARNING, unknown + " names no SocketGrid setting and is ignored (a typo? "
                    + "README.md lists the settings)");
        }
    }

    private static FileStore openStore(SocketGridConfig config) {
        try {
            return new FileStore(Path.of(config.fileDirectory()), config.fileDirectWrites());
        } catch (IOException e) {
            throw new IllegalStateException("cannot use socketgrid.fileDirectory " + config.fileDirectory(), e);
        }
    }

    /** Creates the runtime eagerly when the application starts. */
    void onStartup(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
        engine();
    }

    /** Stops what runs, in the reverse order of {@link #start()}; also after a start that failed half-way. */
    @PreDestroy
    void stop() {
        ifStarted(metricsTimer, ScheduledExecutorService::shutdownNow);
        ifStarted(metricsExchange, MetricsExchange::close);
        ifStarted(reporter, NodeReporter::close);
        ifStarted(files, FileTransferService::close);
        ifStarted(engine, SocketGridEngine::close);
        ifStarted(backend, ClusterBackend::close);
    }

    private static <T> void ifStarted(T part, java.util.function.Consumer<T> stop) {
        if (part != null) {
            stop.accept(part);
        }
    }

    public SocketGridEngine engine() {
        return engine;
    }

    public SocketGridConfig config() {
        return config;
    }

    /** Releases what each socket's upgrade leaves behind; empty when {@code socketgrid.upgradeRequestTrim} is off. */
    public Optional<UpgradeRequestTrim> upgradeTrim() {
        return Optional.ofNullable(upgradeTrim);
    }

    /** Writes prepared text frames into Tyrus; empty when {@code socketgrid.preparedTextFrames} is off. */
    Optional<TyrusFrameWriter> frameWriter() {
        return Optional.ofNullable(frameWriter);
    }

    /** What carries channel messages (see {@link Broker#describe()}). */
    public String brokerDescription() {
        return backend.broker().describe();
    }

    public ClusterState clusterState() {
        return backend.state();
    }

    public EngineStats stats() {
        return counters.snapshot(engine.localConnectionCount());
    }

    /** Every node's recent samples, as this node received them; empty when {@code socketgrid.metrics} is off. */
    public Optional<ClusterMetrics> clusterMetrics() {
        return Optional.ofNullable(clusterMetrics);
    }

    /** The autoscaling advice over every node's recent samples, now; empty when {@code socketgrid.metrics} is off. */
    public Optional<ScalingAdvice> advice() {
        return clusterMetrics().map(ClusterMetrics::byStatus)
                .map(nodes -> advisor.advise(nodes.up(), nodes.silent(), System.currentTimeMillis()));
    }

    /**
     * Calls {@code listener} on the metrics thread after every later sample, until the runtime stops; never
     * when {@code socketgrid.metrics} is off.
     */
    public void onMetricsSample(MetricsSampler.Listener listener) {
        if (metrics != null) {
            metrics.addListener(listener);
        }
    }

    private void sampleMetrics() {
        try {
            MetricsSample sample = metrics.tick();
            metricsExchange.share(new MetricsUpdate(engine.nodeId(), sample, engine.largestLocalChannels(CHANNELS_SHARED),
                    advice().orElse(null)));
        } catch (RuntimeException e) {
            // a failing sample must not cancel the periodic task
            LOG.log(System.Logger.Level.WARNING, "taking a metrics sample failed", e);
        }
    }

    private NodeCounters nodeCounters() {
        FileStats f = files.stats();
        return NodeCounters.of(stats(), engine.sendQueueDepth(), counters.takeInvokeLatency(), f.bytesReceived(),
                f.bytesSent());
    }

    /** Counts a security event seen outside the engine (at the HTTP layer). */
    public void count(SecurityEvent event) {
        counters.security(event);
    }

    public FileTransferService files() {
        return files;
    }

    /** Lets application beans {@code @Inject FileTransfers} to push files and learn of uploads. */
    @Produces
    @ApplicationScoped
    FileTransfers fileTransfers() {
        return files;
    }

    /** Lets application beans {@code @Inject SocketGridServer} to publish and reach sockets. */
    @Produces
    @ApplicationScoped
    SocketGridServer server() {
        return engine;
    }
}

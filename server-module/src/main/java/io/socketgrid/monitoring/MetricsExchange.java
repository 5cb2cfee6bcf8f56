package io.socketgrid.monitoring;

import io.socketgrid.broker.Broker;
import io.socketgrid.broker.ChannelMessage;
import io.socketgrid.cluster.ClusterState;
import io.socketgrid.engine.SystemChannels;
import jakarta.json.Json;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.JsonbException;

import java.io.StringReader;

/**
 * Shares this node's metrics with the cluster and gathers everyone's into a {@link ClusterMetrics}: each update
 * is published on {@value SystemChannels#METRICS} (so every node, and every page subscribed there, receives
 * it) and archived in the cluster state (so a node that starts later can read the recent past, which
 * {@link #start()} does once). Updates that cannot be read are counted and skipped.
 */
public final class MetricsExchange implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(MetricsExchange.class.getName());

    private final Broker broker;
    private final ClusterState state;
    private final ClusterMetrics view;
    private final Jsonb jsonb = JsonbBuilder.create();
    private Broker.Subscription subscription;
    private volatile long unreadable;

    public MetricsExchange(Broker broker, ClusterState state, ClusterMetrics view) {
        this.broker = broker;
        this.state = state;
        this.view = view;
    }

    /** Subscribes to the cluster's updates and reads the archive once (both complete in the background). */
    public synchronized void start() {
        subscription = broker.subscribe(SystemChannels.METRICS, this::received);
        state.archivedMetrics().whenComplete((archived, failure) -> {
            if (failure != null) {
                LOG.log(System.Logger.Level.WARNING, "reading the cluster's archived metrics failed", failure);
                return;
            }
            archived.forEach(this::accept);
        });
    }

    /** Publishes and archives {@code update}, this node's newest. Never blocks. */
    public void share(MetricsUpdate update) {
        String json = jsonb.toJson(update);
        state.archiveMetrics(update.sample().at(), json);
        broker.publish(SystemChannels.METRICS, parse(json)).whenComplete((message, failure) -> {
            if (failure != null) {
                LOG.log(System.Logger.Level.DEBUG, "publishing this node's metrics failed", failure);
            }
        });
    }

    /** Updates received that could not be read (another version's shape, or corruption). */
    public long unreadable() {
        return unreadable;
    }

    private void received(ChannelMessage message) {
        accept(message.dataText());
    }

    private synchronized void accept(String json) {
        MetricsUpdate update;
        try {
            update = jsonb.fromJson(json, MetricsUpdate.class);
        } catch (JsonbException e) {
            unreadable++;
            return;
        }
        if (update == null || update.node() == null || update.sample() == null) {
            unreadable++;
            return;
        }
        view.accept(update);
    }

    private static JsonValue parse(String json) {
        try (JsonReader reader = Json.createReader(new StringReader(json))) {
            return reader.readValue();
        }
    }

    @Override
    public synchronized void close() {
        if (subscription != null) {
            subscription.close();
        }
        try {
            jsonb.close();
        } catch (Exception e) {
            // nothing to release beyond memory
        }
    }
}

package io.socketgrid.broker.hazelcast;

import com.hazelcast.config.InvalidConfigurationException;
import com.hazelcast.config.RingbufferConfig;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.ringbuffer.ReadResultSet;
import com.hazelcast.ringbuffer.Ringbuffer;
import io.socketgrid.broker.Broker;
import io.socketgrid.broker.ChannelMessage;
import io.socketgrid.broker.HistoryPolicy;
import io.socketgrid.broker.Recovery;
import io.socketgrid.broker.StreamPosition;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;

/**
 * The cluster broker: each channel is a Hazelcast ringbuffer (its offsets are the ringbuffer's sequences and
 * it is the channel's bounded history) plus an epoch entry in a map, both in the same partition.
 *
 * <ul>
 *   <li>A publish is one batched append to the ringbuffer ({@link PublishPipeline}): it crosses the cluster
 *       once, whatever the number of subscribers.</li>
 *   <li>A node that subscribes runs one long-polling reader ({@link RingReader}); a node without
 *       subscribers never reads, so it does no work for that channel.</li>
 *   <li>Recovery reads the ringbuffer from the requested offset.</li>
 * </ul>
 * Hazelcast types never leave this package. The broker uses but does not own the {@link HazelcastInstance}
 * (Payara's, usually); {@link #close()} stops its readers and threads only.
 */
public final class HazelcastBroker implements Broker {

    /**
     * The least number of items a channel's ringbuffer holds. Besides the history it is how far a node's
     * reader may fall behind the newest message before it misses some (it then logs how many), so it is kept
     * above small history sizes. Costs 4 bytes per slot per channel in use, plus the items.
     */
    static final int MIN_CAPACITY = 1024;

    private final HazelcastInstance hazelcast;
    private final ChannelNames names;
    private final IMap<String, String> epochs;
    private final JsonProvider json = JsonProvider.provider();
    private final ScheduledExecutorService executor;
    private final Map<String, CompletionStage<ChannelStream>> streams = new ConcurrentHashMap<>();
    private final Map<String, PublishPipeline> pipelines = new ConcurrentHashMap<>();
    private final Map<RingReader, Boolean> readers = new ConcurrentHashMap<>();
    private final int historySize;

    /**
     * @param prefix what the names of this broker's Hazelcast structures start with ({@code socketgrid.});
     *               brokers with different prefixes are independent
     */
    public HazelcastBroker(HazelcastInstance hazelcast, HistoryPolicy history, String prefix) {
        this.hazelcast = hazelcast;
        this.names = new ChannelNames(prefix);
        this.historySize = history.size();
        configureRingbuffers(history);
        this.epochs = hazelcast.getMap(names.epochMap());
        // reads still parked in the cluster complete after close(); their callbacks are then dropped
        this.executor = new ScheduledThreadPoolExecutor(2, runnable -> {
            Thread thread = new Thread(runnable, "socketgrid-broker");
            thread.setDaemon(true);
            return thread;
        }, new ThreadPoolExecutor.DiscardPolicy());
    }

    private void configureRingbuffers(HistoryPolicy history) {
        RingbufferConfig config = new RingbufferConfig(names.ringbufferPattern())
                .setCapacity(Math.max(history.size(), MIN_CAPACITY))
                .setTimeToLiveSeconds((int) Math.max(1, history.ttl().toSeconds()))
                .setBackupCount(1)
                .setAsyncBackupCount(0);
        try {
            hazelcast.getConfig().addRingBufferConfig(config);
        } catch (InvalidConfigurationException differentOnAnotherMember) {
            // another member configured the same pattern with other values first; the cluster keeps its own
            System.getLogger(HazelcastBroker.class.getName()).log(System.Logger.Level.WARNING,
                    "channel history configuration differs from the cluster's; the cluster's is used: "
                            + differentOnAnotherMember.getMessage());
        }
    }

    /**
     * The channel's ringbuffer and epoch (the epoch created by the first node that needs it). Both lookups may
     * wait on the cluster, so they run on the broker's executor, never on the caller's (WebSocket) thread.
     * Cached on this node; a failed lookup is not cached, so the next use tries again.
     */
    private CompletionStage<ChannelStream> stream(String channel) {
        return streams.computeIfAbsent(channel, c -> {
            CompletableFuture<ChannelStream> stream = CompletableFuture.supplyAsync(() -> {
                Ringbuffer<String> ring = hazelcast.getRingbuffer(names.ringbuffer(c));
                String candidate = UUID.randomUUID().toString().substring(0, 8);
                String existing = epochs.putIfAbsent(names.key(c), candidate);
                return new ChannelStream(ring, existing != null ? existing : candidate);
            }, executor);
            stream.whenComplete((ready, failure) -> {
                if (failure != null) {
                    streams.remove(c, stream);
                }
            });
            return stream;
        });
    }

    @Override
    public Subscription subscribe(String channel, ChannelListener listener) {
        RingReader reader = new RingReader(channel, listener, this::parse, executor) {
            @Override
            public void close() {
                super.close();
                readers.remove(this);
            }
        };
        readers.put(reader, Boolean.TRUE);
        reader.start(stream(channel));
        return reader;
    }

    @Override
    public CompletionStage<ChannelMessage> publish(String channel, JsonValue data) {
        return pipelines.computeIfAbsent(channel, c -> new PublishPipeline(c, stream(c))).publish(data);
    }

    @Override
    public CompletionStage<Recovery> recover(String channel, StreamPosition since, int limit) {
        return stream(channel).thenComposeAsync(stream -> {
            Ringbuffer<String> ring = stream.ring();
            String epoch = stream.epoch();
            long head = ring.headSequence();
            long tail = ring.tailSequence();
            StreamPosition now = new StreamPosition(epoch, tail);
            long missing = tail - since.offset();
            boolean outOfHistory = since.offset() + 1 < head || missing > Math.min(limit, historySize);
            if (!since.epoch().equals(epoch) || missing < 0 || outOfHistory) {
                return CompletableFuture.completedFuture(Recovery.impossible(now));
            }
            return readRange(channel, ring, epoch, since.offset() + 1, tail, new ArrayList<>())
                    .thenApply(messages -> new Recovery(messages, now, true))
                    .exceptionally(overwrittenMeanwhile -> Recovery.impossible(now));
        }, executor);
    }

    /** Reads offsets {@code from} to {@code to} (inclusive), at most {@link PublishPipeline#MAX_BATCH} per operation. */
    private CompletionStage<List<ChannelMessage>> readRange(String channel, Ringbuffer<String> ring, String epoch,
                                                            long from, long to, List<ChannelMessage> into) {
        if (from > to) {
            return CompletableFuture.completedFuture(into);
        }
        int count = (int) Math.min(PublishPipeline.MAX_BATCH, to - from + 1);
        return ring.readManyAsync(from, count, count, null).thenCompose((ReadResultSet<String> batch) -> {
            for (int i = 0; i < batch.size(); i++) {
                into.add(new ChannelMessage(channel, epoch, batch.getSequence(i), parse(batch.get(i))));
            }
            return readRange(channel, ring, epoch, from + batch.size(), to, into);
        });
    }

    private JsonValue parse(String stored) {
        try (var reader = json.createReader(new StringReader(stored))) {
            return reader.readValue();
        }
    }

    @Override
    public String describe() {
        return "hazelcast (" + hazelcast.getCluster().getMembers().size() + " members)";
    }

    @Override
    public void close() {
        readers.keySet().forEach(RingReader::close);
        executor.shutdownNow();
    }
}

package io.socketgrid.broker.hazelcast;

import com.hazelcast.config.InvalidConfigurationException;
import com.hazelcast.config.RingbufferConfig;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryExpiredListener;
import com.hazelcast.ringbuffer.ReadResultSet;
import com.hazelcast.ringbuffer.Ringbuffer;
import io.socketgrid.broker.Broker;
import io.socketgrid.broker.ChannelMessage;
import io.socketgrid.broker.HistoryPolicy;
import io.socketgrid.broker.MessageData;
import io.socketgrid.broker.Recovery;
import io.socketgrid.broker.StreamPosition;
import io.socketgrid.concurrent.DaemonThreads;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;

import java.time.Duration;
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
import java.util.concurrent.TimeUnit;

/**
 * The cluster broker: each channel is a Hazelcast ringbuffer (its offsets are the ringbuffer's sequences and
 * it is the channel's bounded history) plus an epoch entry in a map, both in the same partition. A channel
 * nobody publishes to or subscribes to for the history's age is destroyed (see {@link #stream}).
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
    private final Map<String, CompletableFuture<ChannelStream>> streams = new ConcurrentHashMap<>();
    private final Map<String, PublishPipeline> pipelines = new ConcurrentHashMap<>();
    private final Map<RingReader, Boolean> readers = new ConcurrentHashMap<>();
    private final int historySize;
    private final Duration lease;
    private final UUID expiryRegistration;
    private final ExpiredRingbuffers expiredRingbuffers;

    /**
     * @param prefix what the names of this broker's Hazelcast structures start with ({@code socketgrid.});
     *               brokers with different prefixes are independent
     */
    public HazelcastBroker(HazelcastInstance hazelcast, HistoryPolicy history, String prefix) {
        this.hazelcast = hazelcast;
        this.names = new ChannelNames(prefix);
        this.historySize = history.size();
        this.lease = history.ttl();
        configureRingbuffers(history);
        this.epochs = hazelcast.getMap(names.epochMap());
        // reads still parked in the cluster complete after close(); their callbacks are then dropped
        this.executor = new ScheduledThreadPoolExecutor(2, DaemonThreads.named("socketgrid-broker"), new ThreadPoolExecutor.DiscardPolicy());
        this.expiredRingbuffers = new ExpiredRingbuffers(hazelcast, executor);
        this.expiryRegistration = epochs.addEntryListener(
                (EntryExpiredListener<String, String>) event -> expired(event.getKey(), event.getOldValue()), true);
        long renewEvery = Math.max(1, lease.toMillis() / 3);
        executor.scheduleAtFixedRate(this::renewSubscribedChannels, renewEvery, renewEvery, TimeUnit.MILLISECONDS);
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
     * The channel's ringbuffer and epoch (the epoch created by the first node that needs it). The lookups may
     * wait on the cluster, so they run on the broker's executor, never on the caller's (WebSocket) thread.
     *
     * <p>Channels are leased: the epoch entry lives {@code lease} (the history's age) after the last renewal,
     * and every node renews the channels it publishes to or subscribes to, at most every third of the lease.
     * When nobody renews a channel for a whole lease its entry expires and the nodes that hold that epoch's
     * ringbuffer destroy it ({@link ExpiredRingbuffers}; its messages are all older than the history keeps
     * anyway); the next use starts a new epoch. A node uses its cached stream only within half a lease of its
     * last renewal, so it never writes to an epoch that may have expired. A failed lookup is not cached.
     */
    private CompletionStage<ChannelStream> stream(String channel) {
        long now = System.nanoTime();
        return streams.compute(channel, (c, cached) -> cached != null && usable(cached, now) ? cached : lookUp(c));
    }

    private boolean usable(CompletableFuture<ChannelStream> cached, long now) {
        if (!cached.isDone()) {
            return true;
        }
        ChannelStream stream = cached.getNow(null);
        return stream != null && now - stream.renewedAt() < lease.toNanos() / 2;
    }

    private CompletableFuture<ChannelStream> lookUp(String channel) {
        CompletableFuture<ChannelStream> stream = CompletableFuture.supplyAsync(() -> {
            long now = System.nanoTime();
            String candidate = UUID.randomUUID().toString().substring(0, 8);
            String existing = epochs.putIfAbsent(names.key(channel), candidate, lease.toMillis(), TimeUnit.MILLISECONDS);
            String epoch = existing != null ? existing : candidate;
            if (existing != null) {
                epochs.setTtl(names.key(channel), lease.toMillis(), TimeUnit.MILLISECONDS);
            }
            return new ChannelStream(hazelcast.getRingbuffer(names.ringbuffer(channel, epoch)), epoch, now);
        }, executor);
        stream.whenComplete((ready, failure) -> {
            if (failure != null) {
                streams.remove(channel, stream);
            }
        });
        return stream;
    }

    /** After a publish: renews the lease of {@code channel} if a third of it has passed since this node did. */
    private void renew(String channel, ChannelStream stream) {
        long now = System.nanoTime();
        if (now - stream.renewedAt() >= lease.toNanos() / 3) {
            stream.renewedAt(now);
            executor.execute(() -> renewNow(channel, stream));
        }
    }

    /** Every third of the lease, on the broker's thread: renews the channels this node subscribes to. */
    private void renewSubscribedChannels() {
        try {
            for (RingReader reader : readers.keySet()) {
                ChannelStream stream = reader.stream();
                if (stream != null) {
                    stream.renewedAt(System.nanoTime());
                    renewNow(reader.channel(), stream);
                }
            }
        } catch (RuntimeException clusterTrouble) {
            // the next round tries again; a periodic task that throws would never run again
            System.getLogger(HazelcastBroker.class.getName()).log(System.Logger.Level.DEBUG,
                    () -> "renewing channel leases failed: " + clusterTrouble);
        }
    }

    private void renewNow(String channel, ChannelStream stream) {
        if (!epochs.setTtl(names.key(channel), lease.toMillis(), TimeUnit.MILLISECONDS)) {
            // expired meanwhile: forget this epoch here, the next use looks the channel up again
            streams.computeIfPresent(channel, (c, cached) -> cached.getNow(null) == stream ? null : cached);
        }
    }

    /** A channel's lease expired: forget its stream here and destroy that epoch's ringbuffer ({@link ExpiredRingbuffers}). */
    private void expired(String key, String epoch) {
        String channel = names.channel(key);
        streams.computeIfPresent(channel, (c, cached) -> {
            ChannelStream stream = cached.getNow(null);
            return stream != null && stream.epoch().equals(epoch) ? null : cached;
        });
        expiredRingbuffers.destroy(names.ringbuffer(channel, epoch));
    }

    @Override
    public Subscription subscribe(String channel, ChannelListener listener) {
        RingReader reader = new RingReader(channel, listener, this::stored, executor) {
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
        return pipelines.computeIfAbsent(channel, c -> new PublishPipeline(c, () -> stream(c), this::renew))
                .publish(MessageData.of(data));
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
                into.add(new ChannelMessage(channel, epoch, batch.getSequence(i), stored(batch.get(i))));
            }
            return readRange(channel, ring, epoch, from + batch.size(), to, into);
        });
    }

    /** A ringbuffer item (the data's JSON text, as {@link PublishPipeline} stored it), parsed only when asked for. */
    private MessageData stored(String item) {
        return MessageData.ofText(item, json);
    }

    @Override
    public String describe() {
        return "hazelcast (" + hazelcast.getCluster().getMembers().size() + " members)";
    }

    @Override
    public void close() {
        epochs.removeEntryListener(expiryRegistration);
        readers.keySet().forEach(RingReader::close);
        executor.shutdownNow();
    }
}

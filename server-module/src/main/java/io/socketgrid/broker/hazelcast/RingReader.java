package io.socketgrid.broker.hazelcast;

import com.hazelcast.ringbuffer.ReadResultSet;
import com.hazelcast.ringbuffer.Ringbuffer;
import io.socketgrid.broker.Broker;
import io.socketgrid.broker.ChannelMessage;
import io.socketgrid.broker.StreamPosition;
import io.socketgrid.broker.MessageData;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * One subscription: reads the channel's ringbuffer from its tail onwards with long-polling batch reads and
 * hands each item to the listener, one read after another (so never concurrently). A read that fails
 * (a member left, a partition moves) is retried after a pause. A reader that fell so far behind that items
 * were overwritten gets the oldest item still there (Hazelcast moves a read that starts before the head to the
 * head, without an error): it logs what it skipped, and the listener sees the jump in the offsets.
 */
class RingReader implements Broker.Subscription {

    private static final System.Logger LOG = System.getLogger(RingReader.class.getName());
    private static final long RETRY_MILLIS = 500;

    private final String channel;
    private volatile Ringbuffer<String> ring;
    private volatile ChannelStream stream;
    private final Broker.ChannelListener listener;
    private final Function<String, MessageData> stored; // a stored item as message data
    private final ScheduledExecutorService executor;
    private volatile int maxBatch;
    private final CompletableFuture<StreamPosition> ready = new CompletableFuture<>();
    private volatile boolean closed;
    private volatile String epoch;
    private int skips; // only the read callbacks touch it, one after another

    RingReader(String channel, Broker.ChannelListener listener, Function<String, MessageData> stored,
               ScheduledExecutorService executor) {
        this.channel = channel;
        this.listener = listener;
        this.stored = stored;
        this.executor = executor;
    }

    /** Starts at the current tail once the channel's stream is known; the lookups run on the broker's executor. */
    void start(CompletionStage<ChannelStream> stream) {
        stream.thenAcceptAsync(s -> {
            this.stream = s;
            ring = s.ring();
            epoch = s.epoch();
            // Hazelcast refuses reads of more items than the ringbuffer holds
            maxBatch = (int) Math.min(PublishPipeline.MAX_BATCH, ring.capacity());
            long tail = ring.tailSequence();
            ready.complete(new StreamPosition(epoch, tail));
            read(tail + 1);
        }, executor).exceptionally(failure -> {
            ready.completeExceptionally(failure);
            return null;
        });
    }

    private void read(long from) {
        if (closed) {
            return;
        }
        // callbacks run on the broker's executor: deliveries never run on Hazelcast's threads nor recurse
        try {
            ring.readManyAsync(from, 1, maxBatch, null).whenCompleteAsync((batch, failure) -> {
                try {
                    onRead(from, batch, failure);
                } catch (RuntimeException | Error unexpected) {
                    failed(from, unexpected);
                }
            }, executor);
        } catch (RuntimeException unexpected) {
            failed(from, unexpected);
        }
    }

    private void failed(long from, Throwable unexpected) {
        LOG.log(System.Logger.Level.ERROR, "subscription of channel '" + channel + "' failed; retrying", unexpected);
        retry(from);
    }

    private void onRead(long from, ReadResultSet<String> batch, Throwable failure) {
        if (failure == null) {
            if (batch.size() > 0 && batch.getSequence(0) > from) {
                skipped(from, batch.getSequence(0) - 1);
            }
            deliver(batch);
            read(batch.getNextSequenceToReadFrom());
            return;
        }
        LOG.log(System.Logger.Level.DEBUG, () -> "reading channel '" + channel + "' failed, retrying: " + failure);
        retry(from);
    }

    /** Offsets {@code first}..{@code last} were overwritten before this node read them: logged at WARNING once per subscription. */
    private void skipped(long first, long last) {
        System.Logger.Level level = skips++ == 0 ? System.Logger.Level.WARNING : System.Logger.Level.DEBUG;
        LOG.log(level, () -> "subscription of channel '" + channel + "' fell behind: " + (last - first + 1)
                + " message(s) were overwritten before this node read them (offsets " + first + ".." + last
                + "); its subscribers are told with #gap");
    }

    private void retry(long from) {
        if (!closed) {
            executor.schedule(() -> read(from), RETRY_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    /** Hands the batch over as one {@link Broker.ChannelListener#onMessages} call, unless closed meanwhile. */
    private void deliver(ReadResultSet<String> batch) {
        List<ChannelMessage> messages = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            messages.add(new ChannelMessage(channel, epoch, batch.getSequence(i), stored.apply(batch.get(i))));
        }
        if (!messages.isEmpty() && !closed) {
            listener.onMessages(messages);
        }
    }

    String channel() {
        return channel;
    }

    /** The stream this subscription reads, null until it started. */
    ChannelStream stream() {
        return stream;
    }

    @Override
    public CompletionStage<StreamPosition> ready() {
        return ready;
    }

    @Override
    public void close() {
        closed = true;
    }
}

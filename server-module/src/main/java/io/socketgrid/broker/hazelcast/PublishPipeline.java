package io.socketgrid.broker.hazelcast;

import com.hazelcast.ringbuffer.OverflowPolicy;
import io.socketgrid.broker.ChannelMessage;
import io.socketgrid.broker.MessageData;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * This node's publishes to one channel, appended to the channel's ringbuffer in call order: one append is
 * in flight at a time and what arrives meanwhile goes out as one batch with the next, so order holds per
 * node without ever blocking the caller, and a busy channel costs one Hazelcast operation per batch.
 */
final class PublishPipeline {

    /** Hazelcast reads and writes at most this many ringbuffer items per operation. */
    static final int MAX_BATCH = 1000;

    private record Pending(MessageData data, CompletableFuture<ChannelMessage> result) {
    }

    private final String channel;
    private final Supplier<CompletionStage<ChannelStream>> stream;
    private final BiConsumer<String, ChannelStream> appended;
    private final ArrayDeque<Pending> waiting = new ArrayDeque<>();
    private boolean appending;

    /**
     * @param stream   the channel's current stream, asked for each batch (it changes when the channel expired)
     * @param appended told after each successful append, to renew the channel's lease
     */
    PublishPipeline(String channel, Supplier<CompletionStage<ChannelStream>> stream,
                    BiConsumer<String, ChannelStream> appended) {
        this.channel = channel;
        this.stream = stream;
        this.appended = appended;
    }

    CompletionStage<ChannelMessage> publish(MessageData data) {
        Pending pending = new Pending(data, new CompletableFuture<>());
        synchronized (this) {
            waiting.add(pending);
            if (appending) {
                return pending.result();
            }
            appending = true;
        }
        appendNextBatch();
        return pending.result();
    }

    private void appendNextBatch() {
        List<Pending> batch = new ArrayList<>();
        synchronized (this) {
            while (batch.size() < MAX_BATCH && !waiting.isEmpty()) {
                batch.add(waiting.poll());
            }
            if (batch.isEmpty()) {
                appending = false;
                return;
            }
        }
        List<String> items = new ArrayList<>(batch.size());
        for (Pending pending : batch) {
            items.add(pending.data().text()); // kept: this node's subscribers send the same text
        }
        stream.get().thenCompose(s -> s.ring().addAllAsync(items, OverflowPolicy.OVERWRITE)
                        .thenApply(lastSequence -> {
                            appended.accept(channel, s);
                            long first = lastSequence - batch.size() + 1;
                            for (int i = 0; i < batch.size(); i++) {
                                Pending pending = batch.get(i);
                                pending.result().complete(new ChannelMessage(channel, s.epoch(), first + i, pending.data()));
                            }
                            return lastSequence;
                        }))
                .whenComplete((lastSequence, failure) -> {
                    if (failure != null) {
                        batch.forEach(pending -> pending.result().completeExceptionally(failure));
                    }
                    appendNextBatch();
                });
    }
}

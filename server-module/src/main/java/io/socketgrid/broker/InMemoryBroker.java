package io.socketgrid.broker;

import jakarta.json.JsonValue;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongSupplier;

/**
 * The single-node broker, the default when SocketGrid runs without a cluster. Each channel's stream lives
 * under its own lock: publishing assigns the offset, stores the message and delivers it to every
 * subscription while holding it, so offsets, history and delivery order always agree.
 *
 * <p>A stream is created on first use with a fresh epoch, and dropped when it has no subscription and no
 * message left in its history (a later stream of the same name gets a new epoch).
 */
public final class InMemoryBroker implements Broker {

    private final HistoryPolicy history;
    private final LongSupplier nanoClock;
    private final Map<String, Stream> streams = new ConcurrentHashMap<>();

    public InMemoryBroker(HistoryPolicy history) {
        this(history, System::nanoTime);
    }

    /** With the clock message ages are measured by ({@link System#nanoTime()} semantics). */
    InMemoryBroker(HistoryPolicy history, LongSupplier nanoClock) {
        this.history = history;
        this.nanoClock = nanoClock;
    }

    @Override
    public Subscription subscribe(String channel, ChannelListener listener) {
        ChannelListener entry = listener::onMessage; // one entry per subscription, even for the same listener
        StreamPosition[] position = new StreamPosition[1];
        streams.compute(channel, (name, stream) -> {
            Stream current = stream != null ? stream : new Stream(name);
            position[0] = current.attach(entry);
            return current;
        });
        CompletableFuture<StreamPosition> ready = CompletableFuture.completedFuture(position[0]);
        return new Subscription() {
            @Override
            public CompletionStage<StreamPosition> ready() {
                return ready;
            }

            @Override
            public void close() {
                streams.computeIfPresent(channel, (name, stream) -> stream.detach(entry) ? null : stream);
            }
        };
    }

    @Override
    public CompletionStage<ChannelMessage> publish(String channel, JsonValue data) {
        ChannelMessage[] appended = new ChannelMessage[1];
        // inside compute, so that a stream being dropped cannot swallow the message
        streams.compute(channel, (name, stream) -> {
            Stream current = stream != null ? stream : new Stream(name);
            appended[0] = current.append(data);
            return current;
        });
        return CompletableFuture.completedFuture(appended[0]);
    }

    @Override
    public CompletionStage<Recovery> recover(String channel, StreamPosition since, int limit) {
        Stream stream = streams.get(channel);
        Recovery recovery = stream != null ? stream.since(since, limit)
                : Recovery.impossible(new StreamPosition(since.epoch(), StreamPosition.BEFORE_FIRST));
        return CompletableFuture.completedFuture(recovery);
    }

    @Override
    public String describe() {
        return "memory";
    }

    @Override
    public void close() {
        streams.clear();
    }

    private record Stored(ChannelMessage message, long storedAt) {
    }

    private final class Stream {
        private final String channel;
        private final String epoch = UUID.randomUUID().toString().substring(0, 8);
        private final List<ChannelListener> listeners = new CopyOnWriteArrayList<>();
        private final ArrayDeque<Stored> retained = new ArrayDeque<>();
        private long nextOffset;

        Stream(String channel) {
            this.channel = channel;
        }

        synchronized ChannelMessage append(JsonValue data) {
            ChannelMessage message = new ChannelMessage(channel, epoch, nextOffset++, data);
            long now = nanoClock.getAsLong();
            retained.addLast(new Stored(message, now));
            while (retained.size() > history.size()) {
                retained.removeFirst();
            }
            evictExpired(now);
            for (ChannelListener listener : listeners) {
                listener.onMessage(message);
            }
            return message;
        }

        /** Adds a subscription; returns the position after which it receives every message. */
        synchronized StreamPosition attach(ChannelListener listener) {
            listeners.add(listener);
            return new StreamPosition(epoch, nextOffset - 1);
        }

        /** Removes a subscription; true when the stream may now be dropped. */
        synchronized boolean detach(ChannelListener listener) {
            listeners.remove(listener);
            evictExpired(nanoClock.getAsLong());
            return listeners.isEmpty() && retained.isEmpty();
        }

        synchronized Recovery since(StreamPosition since, int limit) {
            evictExpired(nanoClock.getAsLong());
            StreamPosition now = new StreamPosition(epoch, nextOffset - 1);
            if (!since.epoch().equals(epoch) || since.offset() > now.offset()) {
                return Recovery.impossible(now);
            }
            long firstRetained = retained.isEmpty() ? nextOffset : retained.peekFirst().message().offset();
            long missing = now.offset() - since.offset();
            if (since.offset() + 1 < firstRetained || missing > limit) {
                return Recovery.impossible(now);
            }
            List<ChannelMessage> messages = new ArrayList<>((int) missing);
            for (Stored stored : retained) {
                if (stored.message().offset() > since.offset()) {
                    messages.add(stored.message());
                }
            }
            return new Recovery(messages, now, true);
        }

        private void evictExpired(long now) {
            long ttl = history.ttl().toNanos();
            while (!retained.isEmpty() && now - retained.peekFirst().storedAt() >= ttl) {
                retained.removeFirst();
            }
        }
    }
}

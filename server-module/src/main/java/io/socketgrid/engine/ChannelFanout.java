package io.socketgrid.engine;

import io.socketgrid.broker.Broker;
import io.socketgrid.broker.ChannelMessage;
import io.socketgrid.broker.StreamPosition;
import io.socketgrid.protocol.FrameCodec;
import io.socketgrid.protocol.PublishFrames;
import jakarta.json.JsonValue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * This node's channel memberships. The node holds one broker subscription per channel that has at least one
 * local subscriber, encodes each delivered message once and sends that frame to every local member. Messages
 * the broker hands over together go out together: as batches of at most {@code deliveryBatchBytes}
 * ({@link DeliveryBatch}), each built once and queued for every member that takes all of it.
 *
 * <p>A socket that joins a channel is <em>pending</em> until the broker subscription is live and, when it
 * asked for recovery, until the missed messages are fetched: live messages for it are held meanwhile, then
 * it receives the missed messages followed by the held ones, each offset once and in order.
 *
 * <p>Messages that never reach a member (the broker skipped them because this node fell too far behind) are
 * not passed over in silence: the member gets a {@code #gap} notice with the missing offsets before the next
 * message, and the node counts them ({@link EngineObserver#channelMessagesSkipped}).
 */
final class ChannelFanout {

    /**
     * The outbound interception point: decides per subscriber whether a channel message is sent to it. Called
     * once per message and local subscriber, on the delivering thread; must be cheap and must not block.
     */
    @FunctionalInterface
    interface DeliveryFilter {
        boolean deliver(Connection connection, ChannelMessage message);
    }

    /** How a subscription ended up: the position the socket is at, and whether recovery succeeded (null if not asked). */
    record Joined(StreamPosition position, Boolean recovered) {
    }

    private final Broker broker;
    private final FrameCodec codec;
    private final int recoveryLimit;
    private final int deliveryBatchBytes;
    private final PresenceListener presence;
    private final DeliveryFilter filter;
    private final EngineObserver observer;
    private final Map<String, LocalChannel> channels = new ConcurrentHashMap<>();

    ChannelFanout(Broker broker, FrameCodec codec, int recoveryLimit, int deliveryBatchBytes, PresenceListener presence,
                  DeliveryFilter filter, EngineObserver observer) {
        this.broker = broker;
        this.deliveryBatchBytes = deliveryBatchBytes;
        this.observer = observer;
        this.filter = filter;
        this.presence = presence;
        this.codec = codec;
        this.recoveryLimit = recoveryLimit;
    }

    /**
     * Adds {@code connection} to {@code channel} (subscribing the node on the broker if it is the first
     * local member). With {@code since}, first sends the messages published after it.
     */
    CompletionStage<Joined> subscribe(String channel, Connection connection, StreamPosition since) {
        Member[] added = new Member[1];
        LocalChannel local = channels.compute(channel, (name, existing) -> {
            LocalChannel current = existing != null ? existing : new LocalChannel(name);
            Member candidate = new Member(connection, current.encoder);
            added[0] = current.members.putIfAbsent(connection, candidate) == null ? candidate : null;
            connection.channels().add(name);
            return current;
        });
        Member member = added[0];
        if (member != null) {
            presence.joined(channel, connection.id());
        } else {
            // already subscribed: the subscription stands as it is
            return local.subscription.ready().thenApply(position -> new Joined(local.latest(position), null));
        }
        return local.subscription.ready().thenCompose(ready -> {
            if (since == null) {
                StreamPosition position = local.latest(ready);
                member.goLive(List.of(), position);
                return CompletableFuture.completedFuture(new Joined(position, null));
            }
            return broker.recover(channel, since, recoveryLimit).thenApply(recovery -> {
                member.goLive(recovery.messages(), recovery.complete() ? since : recovery.position());
                return new Joined(recovery.position(), recovery.complete());
            });
        }).whenComplete((result, failure) -> {
            if (failure != null) {
                unsubscribe(channel, connection);
            }
        });
    }

    /** Removes {@code connection} from {@code channel}; the node leaves the broker channel with its last member. */
    void unsubscribe(String channel, Connection connection) {
        channels.computeIfPresent(channel, (name, local) -> {
            if (local.members.remove(connection) != null) {
                presence.left(name, connection.id());
            }
            connection.channels().remove(name);
            if (local.members.isEmpty()) {
                local.subscription.close();
                return null;
            }
            return local;
        });
    }

    void unsubscribeAll(Connection connection) {
        for (String channel : connection.channels().toArray(String[]::new)) {
            unsubscribe(channel, connection);
        }
    }

    CompletionStage<ChannelMessage> publish(String channel, JsonValue data) {
        observer.published(); // counted when handed over; the broker's failures are counted apart
        return broker.publish(channel, data);
    }

    /** Channels with at least one local subscriber. */
    int localChannelCount() {
        return channels.size();
    }

    /** The {@code limit} channels with the most local subscribers, and their counts, largest first. */
    Map<String, Integer> largestChannels(int limit) {
        Map<String, Integer> largest = new LinkedHashMap<>();
        channels.entrySet().stream()
                .map(channel -> Map.entry(channel.getKey(), channel.getValue().members.size()))
                .filter(channel -> channel.getValue() > 0)
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(limit)
                .forEachOrdered(channel -> largest.put(channel.getKey(), channel.getValue()));
        return largest;
    }

    /** How many offsets of {@code message}'s stream lie between {@code previous} and it (0 without a previous position of that stream). */
    private static long missingBefore(StreamPosition previous, ChannelMessage message) {
        return previous == null ? 0 : missingBefore(previous.epoch(), previous.offset(), message);
    }

    /** As {@link #missingBefore(StreamPosition, ChannelMessage)}, the previous position given as its parts (epoch null: none). */
    private static long missingBefore(String epoch, long offset, ChannelMessage message) {
        if (epoch == null || !epoch.equals(message.epoch())) {
            return 0;
        }
        return Math.max(0, message.offset() - offset - 1);
    }

    private final class LocalChannel implements Broker.ChannelListener {
        final Map<Connection, Member> members = new ConcurrentHashMap<>();
        final Broker.Subscription subscription;
        final Function<ChannelMessage, String> encoder; // a message as its #publish frame, data copied as text
        private volatile StreamPosition lastDelivered;

        LocalChannel(String name) {
            PublishFrames frames = codec.publishFrames(name);
            this.encoder = message -> frames.encode(message.dataText(), message.epoch(), message.offset());
            this.subscription = broker.subscribe(name, this);
        }

        /** The newest position this node knows: the last delivered message, else the subscription's start. */
        StreamPosition latest(StreamPosition ready) {
            StreamPosition last = lastDelivered;
            return last != null && last.epoch().equals(ready.epoch()) && last.offset() > ready.offset() ? last : ready;
        }

        @Override
        public void onMessage(ChannelMessage message) {
            onMessages(List.of(message));
        }

        @Override
        public void onMessages(List<ChannelMessage> messages) {
            StreamPosition previous = lastDelivered != null ? lastDelivered : subscription.ready().toCompletableFuture().getNow(null);
            long missing = missingBefore(previous, messages.get(0));
            if (missing > 0) {
                observer.channelMessagesSkipped(missing);
            }
            lastDelivered = messages.get(messages.size() - 1).position();
            if (members.isEmpty()) {
                return;
            }
            DeliveryBatch batch = new DeliveryBatch(messages, encoder, deliveryBatchBytes);
            for (Member member : members.values()) {
                member.deliver(batch);
            }
        }
    }

    /** One socket's membership of one channel. */
    private final class Member {
        private final Connection connection;
        private final Function<ChannelMessage, String> encoder;
        private List<ChannelMessage> held = new ArrayList<>(); // null once live
        // the position of the last message given to this socket or passed over (none before going live);
        // two fields, not a StreamPosition, so that a delivery allocates nothing per member
        private String sentEpoch;
        private long sentOffset;

        Member(Connection connection, Function<ChannelMessage, String> encoder) {
            this.connection = connection;
            this.encoder = encoder;
        }

        /**
         * Held while pending; once live, each group of the batch goes out as one message: the shared frame when
         * this member takes every message of the group, else the part it takes (messages it already had, or
         * that the filter keeps from it, are left out).
         */
        synchronized void deliver(DeliveryBatch batch) {
            if (held != null) {
                for (int i = 0; i < batch.size(); i++) {
                    held.add(batch.message(i));
                }
                return;
            }
            for (int group = 0; group < batch.groupCount(); group++) {
                int start = batch.groupStart(group);
                int end = batch.groupEnd(group);
                boolean[] taken = null; // made when the first message of the group is left out
                int count = 0;
                for (int i = start; i < end; i++) {
                    ChannelMessage message = batch.message(i);
                    boolean take = false;
                    if (isNew(message)) {
                        noticeGapBefore(message); // queued before this group's frame, which is sent below
                        pass(message);
                        take = filter.deliver(connection, message);
                    }
                    if (take) {
                        count++;
                    } else if (taken == null) {
                        taken = new boolean[end - start];
                        Arrays.fill(taken, 0, i - start, true);
                    }
                    if (taken != null) {
                        taken[i - start] = take;
                    }
                }
                if (count == 0) {
                    continue;
                }
                OutboundFrame frame = taken == null ? batch.groupFrame(group) : batch.subset(start, end, taken);
                if (connection.send(frame)) {
                    observer.delivered(count);
                }
            }
        }

        /** Sends {@code missed} and then what was held, skipping what is not after {@code from}; then goes live. */
        synchronized void goLive(List<ChannelMessage> missed, StreamPosition from) {
            sentEpoch = from.epoch();
            sentOffset = from.offset();
            for (ChannelMessage message : missed) {
                sendIfNew(message);
            }
            for (ChannelMessage message : held) {
                sendIfNew(message);
            }
            held = null;
        }

        private void noticeGapBefore(ChannelMessage message) {
            long missing = missingBefore(sentEpoch, sentOffset, message);
            if (missing > 0) {
                connection.send(codec.encodeGap(message.channel(), message.epoch(), message.offset() - missing,
                        message.offset() - 1));
            }
        }

        private void sendIfNew(ChannelMessage message) {
            if (isNew(message)) {
                noticeGapBefore(message);
                pass(message);
                if (filter.deliver(connection, message) && connection.send(encoder.apply(message))) {
                    observer.delivered(1);
                }
            }
        }

        private boolean isNew(ChannelMessage message) {
            return sentEpoch == null || !sentEpoch.equals(message.epoch()) || message.offset() > sentOffset;
        }

        private void pass(ChannelMessage message) {
            sentEpoch = message.epoch();
            sentOffset = message.offset();
        }
    }
}

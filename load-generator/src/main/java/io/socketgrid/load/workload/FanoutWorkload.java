package io.socketgrid.load.workload;

import io.socketgrid.load.dialect.Answer;
import io.socketgrid.load.dialect.Session;
import io.socketgrid.load.report.Figures;
import jakarta.json.Json;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import java.util.BitSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Pub/sub fan-out: connection 0 publishes, connections 1..S subscribe to one channel. Once every subscriber
 * has subscribed (or failed), the publisher publishes {@code {"seq":n,"sentNanos":t}} at R messages per second
 * (scheduled against the clock, so a late tick catches up); each delivery's latency is the receive time
 * minus {@code sentNanos} (one JVM, one clock). After sending stops the run drains until every delivery
 * arrived (or {@code --drain} passed); then, for every subscriber that subscribed, each seq published but not
 * received counts as missing (a publish the server refused too: it is also an error); a seq received twice
 * counts as a duplicate. A server that falls behind shows as a growing delivery latency, and as missing
 * deliveries when its backlog outlasts the drain.
 *
 * <p>SocketGrid and SocketCluster: {@code #subscribe} / {@code #publish}. Socket.IO: the peer's
 * {@code subscribe} (join a room) and {@code publish} (emit to the room) events (scripts/bench/peers/socketio.mjs).
 */
public final class FanoutWorkload extends BaseWorkload {

    private static final long SECOND = 1_000_000_000L;

    private final int subscribers;
    private final double rate;
    private final String channel;

    private volatile Session publisher;
    private final AtomicInteger settled = new AtomicInteger(); // subscribers subscribed, refused or gone before it
    private final AtomicInteger subscribed = new AtomicInteger();
    private final LongAdder published = new LongAdder();
    private final LongAdder delivered = new LongAdder();
    private final LongAdder duplicates = new LongAdder();
    private final LongAdder unexpected = new LongAdder();
    private final Subscribers subscriberState;
    // timer thread only
    private boolean publishing;
    private long publishStart;
    private long sequence;

    public FanoutWorkload(int subscribers, double rate, String channel) {
        super("fanout", subscribers + 1, "delivery: publish sent to message received by a subscriber");
        if (!(rate > 0) || channel.isEmpty()) {
            throw new IllegalArgumentException("subscribers ≥ 1, rate > 0 and a channel name");
        }
        this.subscribers = subscribers;
        this.rate = rate;
        this.channel = channel;
        this.subscriberState = new Subscribers(subscribers + 1);
    }

    /** What each subscriber received: a bit per seq. Each is written by its session's I/O thread only. */
    private static final class Subscribers {
        final BitSet[] received;
        final boolean[] isSubscribed;

        Subscribers(int connections) {
            received = new BitSet[connections];
            isSubscribed = new boolean[connections];
        }
    }





    @Override
    public void ready(Session session) {
        if (session.index() == 0) {
            publisher = session;
            run.scheduler().schedule(0, this::maybeStartPublishing);
            return;
        }
        synchronized (subscriberState) {
            subscriberState.received[session.index()] = new BitSet();
        }
        if (!session.subscribe(channel, subscribeAnswer)) {
            settle();
        }
    }

    private final Answer subscribeAnswer = new Answer() {
        @Override
        public void answered(Session session, JsonValue data, long rttNanos) {
            synchronized (subscriberState) {
                subscriberState.isSubscribed[session.index()] = true;
            }
            subscribed.incrementAndGet();
            settle();
        }

        @Override
        public void failed(Session session, String name, String message) {
            run.error(name);
            settle();
        }
    };

    private void settle() {
        if (settled.incrementAndGet() >= subscribers) {
            run.scheduler().schedule(0, this::maybeStartPublishing);
        }
    }

    @Override
    public void ended(Session session) {
        if (session.index() != 0 && !session.wasReady()) {
            settle(); // never opened: nobody to wait for
        }
    }

    /** On the timer thread: publishing starts once the publisher is open and every subscriber has settled. */
    private void maybeStartPublishing() {
        if (publishing || publisher == null || settled.get() < subscribers || !run.sending()) {
            return;
        }
        publishing = true;
        publishStart = run.scheduler().nanoTime();
        publishDue();
    }

    private void publishDue() {
        Session from = publisher;
        if (!run.sending() || !from.isReady()) {
            return;
        }
        long elapsed = run.scheduler().nanoTime() - publishStart;
        long due = (long) Math.floor(elapsed * rate / SECOND) + 1;
        while (sequence < due) {
            if (!run.takeMessage()) {
                return;
            }
            long seq = sequence++;
            JsonObject data = Json.createObjectBuilder().add("seq", seq).add("sentNanos", run.scheduler().nanoTime()).build();
            if (!from.publish(channel, data, publishAnswer)) {
                run.untakeMessage();
                return;
            }
        }
        run.scheduler().schedule(publishStart + (long) Math.ceil(sequence * SECOND / rate) - run.scheduler().nanoTime(),
                this::publishDue);
    }

    private final Answer publishAnswer = new Answer() {
        @Override
        public void answered(Session session, JsonValue data, long rttNanos) {
            published.increment();
        }

        @Override
        public void failed(Session session, String name, String message) {
            run.error(name);
        }
    };

    @Override
    public void delivered(Session session, String on, JsonValue data) {
        long now = run.scheduler().nanoTime();
        if (!channel.equals(on) || !(data instanceof JsonObject message)
                || !(message.get("seq") instanceof JsonNumber seqValue)
                || !(message.get("sentNanos") instanceof JsonNumber sentValue)
                || session.index() == 0 || seqValue.longValue() < 0 || seqValue.longValue() > Integer.MAX_VALUE) {
            unexpected.increment();
            return;
        }
        int seq = seqValue.intValue();
        BitSet received;
        synchronized (subscriberState) {
            received = subscriberState.received[session.index()];
        }
        boolean seen;
        synchronized (received) {
            seen = received.get(seq);
            received.set(seq);
        }
        if (seen) {
            duplicates.increment();
        } else {
            delivered.increment();
            run.completed(now - sentValue.longValue());
        }
    }


    /** Deliveries still to come to the subscribers that subscribed (those that dropped since count too). */
    @Override
    public long awaiting() {
        return Math.max(0, sequence * subscribed.get() - delivered.sum());
    }

    @Override
    public void report(Figures figures) {
        long missing = 0;
        long sent = sequence;
        BitSet expected = new BitSet();
        expected.set(0, (int) Math.min(Integer.MAX_VALUE, sent));
        synchronized (subscriberState) {
            for (int i = 1; i < subscriberState.received.length; i++) {
                if (subscriberState.isSubscribed[i]) {
                    BitSet lost = (BitSet) expected.clone();
                    synchronized (subscriberState.received[i]) {
                        lost.andNot(subscriberState.received[i]);
                    }
                    missing += lost.cardinality();
                }
            }
        }
        figures.put("fanout.subscribers", subscribers)
                .put("fanout.subscribed", subscribed.get())
                .put("fanout.channel", channel)
                .put("fanout.publishRate", rate)
                .put("fanout.published", sent)
                .put("fanout.publishesAcknowledged", published.sum())
                .put("fanout.expectedDeliveries", sent * subscribed.get())
                .put("fanout.delivered", delivered.sum())
                .put("fanout.missing", missing)
                .put("fanout.duplicates", duplicates.sum())
                .put("fanout.unexpected", unexpected.sum());
    }
}

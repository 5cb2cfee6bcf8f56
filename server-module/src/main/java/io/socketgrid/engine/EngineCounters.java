package io.socketgrid.engine;

import io.socketgrid.monitoring.LatencyRecorder;
import io.socketgrid.monitoring.LatencySummary;
import io.socketgrid.protocol.InvalidFrameKind;

import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Cumulative counters of one engine, cheap enough for every message. The counters only the per-second metrics
 * read (handshakes, publishes, deliveries, invoke answers and their latency) are kept only when
 * {@code monitoring} is on.
 */
public final class EngineCounters implements EngineObserver {

    private final boolean monitoring;

    private final LongAdder opened = new LongAdder();
    private final LongAdder closed = new LongAdder();
    private final LongAdder messagesIn = new LongAdder();
    private final LongAdder charsIn = new LongAdder();
    private final LongAdder messagesOut = new LongAdder();
    private final LongAdder charsOut = new LongAdder();
    private final LongAdder binaryIn = new LongAdder();
    private final LongAdder binaryBytesIn = new LongAdder();
    private final LongAdder binaryOut = new LongAdder();
    private final LongAdder binaryBytesOut = new LongAdder();
    private final LongAdder unhandledTransmits = new LongAdder();
    private final LongAdder unhandledInvokes = new LongAdder();
    private final LongAdder refused = new LongAdder();
    private final LongAdder unknownResponses = new LongAdder();
    private final LongAdder handlerFailures = new LongAdder();
    private final LongAdder slowConsumers = new LongAdder();
    private final LongAdder brokerFailures = new LongAdder();
    private final LongAdder undeliverable = new LongAdder();
    private final LongAdder channelMessagesSkipped = new LongAdder();
    private final LongAdder handshakes = new LongAdder();
    private final LongAdder publishes = new LongAdder();
    private final LongAdder deliveries = new LongAdder();
    private final LongAdder invokes = new LongAdder();
    private final LatencyRecorder invokeLatency = new LatencyRecorder();
    private final Map<InvalidFrameKind, LongAdder> invalidFrames = new EnumMap<>(InvalidFrameKind.class);
    private final Map<Integer, LongAdder> closeCodes = new ConcurrentHashMap<>();
    private final Map<SecurityEvent, LongAdder> security = new EnumMap<>(SecurityEvent.class);

    public EngineCounters() {
        this(true);
    }

    public EngineCounters(boolean monitoring) {
        this.monitoring = monitoring;
        for (InvalidFrameKind kind : InvalidFrameKind.values()) {
            invalidFrames.put(kind, new LongAdder());
        }
        for (SecurityEvent event : SecurityEvent.values()) {
            security.put(event, new LongAdder());
        }
    }

    @Override
    public void connectionOpened() {
        opened.increment();
    }

    @Override
    public void connectionClosed(int code) {
        closed.increment();
        closeCodes.computeIfAbsent(code, c -> new LongAdder()).increment();
    }

    @Override
    public void messageIn(int chars) {
        messagesIn.increment();
        charsIn.add(chars);
    }

    @Override
    public void messageOut(int chars) {
        messagesOut.increment();
        charsOut.add(chars);
    }

    @Override
    public void binaryIn(int bytes) {
        binaryIn.increment();
        binaryBytesIn.add(bytes);
    }

    @Override
    public void binaryOut(int bytes) {
        binaryOut.increment();
        binaryBytesOut.add(bytes);
    }

    @Override
    public void invalidFrame(InvalidFrameKind kind) {
        invalidFrames.get(kind).increment();
    }

    @Override
    public void unhandledEvent(boolean invoke) {
        (invoke ? unhandledInvokes : unhandledTransmits).increment();
    }

    @Override
    public void refused() {
        refused.increment();
    }

    @Override
    public void unknownResponse() {
        unknownResponses.increment();
    }

    @Override
    public void handlerFailed() {
        handlerFailures.increment();
    }

    @Override
    public void undeliverable() {
        undeliverable.increment();
    }

    @Override
    public void brokerFailed() {
        brokerFailures.increment();
    }

    @Override
    public void slowConsumerClosed() {
        slowConsumers.increment();
    }

    @Override
    public void security(SecurityEvent event) {
        security.get(event).increment();
    }

    @Override
    public void handshakeAccepted() {
        if (monitoring) {
            handshakes.increment();
        }
    }

    @Override
    public void published() {
        if (monitoring) {
            publishes.increment();
        }
    }

    @Override
    public void channelMessagesSkipped(long count) {
        channelMessagesSkipped.add(count);
    }

    @Override
    public void delivered(int count) {
        if (monitoring) {
            deliveries.add(count);
        }
    }

    @Override
    public void invokeAnswered(long nanos) {
        if (monitoring) {
            invokes.increment();
            invokeLatency.record(nanos);
        }
    }

    /** Invoke latencies since the previous call: for one reader, the metrics sampler. */
    public LatencySummary takeInvokeLatency() {
        return invokeLatency.takeInterval();
    }

    /** A consistent-enough copy for reporting (each counter is read once). */
    public EngineStats snapshot(int liveConnections) {
        Map<String, Long> invalid = new TreeMap<>();
        invalidFrames.forEach((kind, n) -> invalid.put(kind.name(), n.sum()));
        Map<String, Long> codes = new TreeMap<>();
        closeCodes.forEach((code, n) -> codes.put(String.valueOf(code), n.sum()));
        Map<String, Long> securityEvents = new TreeMap<>();
        security.forEach((event, n) -> securityEvents.put(event.name(), n.sum()));
        return new EngineStats(liveConnections, opened.sum(), closed.sum(), messagesIn.sum(), charsIn.sum(),
                messagesOut.sum(), charsOut.sum(),
                binaryIn.sum(), binaryBytesIn.sum(), binaryOut.sum(), binaryBytesOut.sum(), unhandledTransmits.sum(), unhandledInvokes.sum(), refused.sum(),
                unknownResponses.sum(), handlerFailures.sum(), slowConsumers.sum(), brokerFailures.sum(), undeliverable.sum(), channelMessagesSkipped.sum(),
                handshakes.sum(), publishes.sum(), deliveries.sum(), invokes.sum(), invalid, codes, securityEvents);
    }
}

package io.socketgrid.broker;

import java.time.Duration;

/** How much of each channel's stream a broker keeps for recovery: at most {@code size} messages, none older than {@code ttl}. */
public record HistoryPolicy(int size, Duration ttl) {

    public HistoryPolicy {
        if (size < 1) {
            throw new IllegalArgumentException("history size must be at least 1, was " + size);
        }
        if (ttl == null || ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("history ttl must be positive, was " + ttl);
        }
    }
}

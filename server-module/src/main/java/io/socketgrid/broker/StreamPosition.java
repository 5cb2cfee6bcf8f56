package io.socketgrid.broker;

import java.util.Objects;

/**
 * A point in a channel's stream: the offset of the last message seen in an epoch ({@code -1} before the
 * first message).
 */
public record StreamPosition(String epoch, long offset) {

    public static final long BEFORE_FIRST = -1;

    public StreamPosition {
        Objects.requireNonNull(epoch, "epoch");
        if (offset < BEFORE_FIRST) {
            throw new IllegalArgumentException("offset must be >= -1, was " + offset);
        }
    }
}

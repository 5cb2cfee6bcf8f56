package io.socketgrid.broker;

import java.util.List;

/**
 * What {@link Broker#recover} found: the messages after the requested position, oldest first, and the
 * channel's position now. When {@code complete} is false some messages after the requested position are no
 * longer in the history (or the stream's epoch changed): {@code messages} is then empty and the caller must
 * tell its client that it cannot recover.
 */
public record Recovery(List<ChannelMessage> messages, StreamPosition position, boolean complete) {

    public Recovery {
        messages = List.copyOf(messages);
        if (!complete && !messages.isEmpty()) {
            throw new IllegalArgumentException("an incomplete recovery carries no messages");
        }
    }

    public static Recovery impossible(StreamPosition position) {
        return new Recovery(List.of(), position, false);
    }
}

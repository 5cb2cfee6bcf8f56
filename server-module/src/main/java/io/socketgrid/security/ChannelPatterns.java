package io.socketgrid.security;

import java.util.List;

/**
 * A list of channel names and prefixes ({@code news}, {@code private.*}) as the settings write them; a
 * trailing {@code *} matches every channel that starts with what precedes it. Immutable.
 */
public final class ChannelPatterns {

    private final List<String> exact;
    private final List<String> prefixes;

    public ChannelPatterns(List<String> patterns) {
        this.exact = patterns.stream().filter(p -> !p.endsWith("*")).toList();
        this.prefixes = patterns.stream().filter(p -> p.endsWith("*")).map(p -> p.substring(0, p.length() - 1)).toList();
    }

    public boolean isEmpty() {
        return exact.isEmpty() && prefixes.isEmpty();
    }

    public boolean matches(String channel) {
        if (exact.contains(channel)) {
            return true;
        }
        for (String prefix : prefixes) {
            if (channel.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }
}

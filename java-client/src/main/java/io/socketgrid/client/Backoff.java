package io.socketgrid.client;

/**
 * Exponential backoff with full jitter, as the browser client does it: before attempt {@code n} (1, 2, …)
 * the client waits a random time in {@code [0, min(maxDelay, initialDelay × factor^(n-1)))}. Full jitter
 * spreads the reconnects of many sockets that lost one server over the whole interval.
 */
record Backoff(long initialDelayMillis, double factor, long maxDelayMillis) {

    Backoff {
        if (initialDelayMillis < 0 || maxDelayMillis < 0 || !(factor >= 1)) {
            throw new IllegalArgumentException("backoff needs delays >= 0 and a factor >= 1");
        }
    }

    /** The ceiling of the delay before attempt {@code attempt}. */
    long ceiling(int attempt) {
        double ceiling = initialDelayMillis * Math.pow(factor, Math.max(0, attempt - 1));
        return (long) Math.min(maxDelayMillis, ceiling);
    }

    /** The delay before {@code attempt}, for a {@code random} number in [0, 1). */
    long delay(int attempt, double random) {
        return (long) Math.floor(random * ceiling(attempt));
    }
}

package io.socketgrid.security;

/**
 * A per-socket rate limit: {@code rate} tokens a second, at most {@code burst} saved up. Driven by the one
 * thread that delivers the socket's messages, so it needs no synchronisation and allocates nothing.
 */
public final class TokenBucket {

    private final double perNano;
    private final double burst;
    private double tokens;
    private long refilledAt;

    /** @param now a {@link System#nanoTime()} reading: the bucket starts full */
    public TokenBucket(int rate, int burst, long now) {
        if (rate <= 0 || burst <= 0) {
            throw new IllegalArgumentException("rate and burst must be positive");
        }
        this.perNano = rate / 1e9;
        this.burst = burst;
        this.tokens = burst;
        this.refilledAt = now;
    }

    /** Takes one token at {@code now} (nanoTime); false when none is left: the action is over the limit. */
    public boolean tryTake(long now) {
        long elapsed = now - refilledAt;
        if (elapsed > 0) {
            tokens = Math.min(burst, tokens + elapsed * perNano);
            refilledAt = now;
        }
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }
}

package io.socketgrid.security;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The small security rules: origins, channel patterns, the token bucket and connection counting. */
class PoliciesTest {

    @Test
    void sameOriginByDefaultAndNonBrowsersAllowed() {
        OriginPolicy policy = new OriginPolicy(List.of());
        assertTrue(policy.allows(null, "http", "localhost:8080"), "no Origin header: not a browser");
        assertTrue(policy.allows("http://localhost:8080", "http", "localhost:8080"));
        assertTrue(policy.allows("HTTP://LOCALHOST:8080/", "http", "localhost:8080"));
        assertTrue(policy.allows("https://example.com", "https", "example.com:443"), "default ports are the same origin");
        assertFalse(policy.allows("http://evil.example", "http", "localhost:8080"));
        assertFalse(policy.allows("https://localhost:8080", "http", "localhost:8080"), "another scheme is another origin");
        assertFalse(policy.allows("null", "http", "localhost:8080"), "sandboxed pages send Origin: null");
        assertFalse(policy.allows("http://localhost:8080", "http", null));
    }

    @Test
    void listedOriginsOrAny() {
        OriginPolicy listed = new OriginPolicy(List.of("https://app.example", "http://localhost:3000"));
        assertTrue(listed.allows("https://app.example", "http", "socketgrid.internal:8080"));
        assertTrue(listed.allows("http://localhost:3000", "http", "localhost:8080"));
        assertFalse(listed.allows("http://localhost:8080", "http", "localhost:8080"), "a list replaces the same-origin rule");
        assertTrue(new OriginPolicy(List.of("*")).allows("http://anything", "http", "localhost"));
    }

    @Test
    void channelPatternsMatchNamesAndPrefixes() {
        ChannelPatterns patterns = new ChannelPatterns(List.of("admin", "private.*"));
        assertTrue(patterns.matches("admin"));
        assertTrue(patterns.matches("private.alice"));
        assertFalse(patterns.matches("administrators"));
        assertFalse(patterns.matches("private"));
        assertTrue(new ChannelPatterns(List.of()).isEmpty());
    }

    @Test
    void tokenBucketAllowsTheBurstThenTheRate() {
        TokenBucket bucket = new TokenBucket(10, 3, 0);
        assertTrue(bucket.tryTake(0));
        assertTrue(bucket.tryTake(0));
        assertTrue(bucket.tryTake(0));
        assertFalse(bucket.tryTake(0));
        assertFalse(bucket.tryTake(99_000_000), "0.99 tokens after 99 ms at 10/s");
        assertTrue(bucket.tryTake(100_000_000));
        assertFalse(bucket.tryTake(100_000_000));
        assertTrue(bucket.tryTake(10_000_000_000L));
        assertTrue(bucket.tryTake(10_000_000_000L));
        assertTrue(bucket.tryTake(10_000_000_000L));
        assertFalse(bucket.tryTake(10_000_000_000L), "never more than the burst saved up");
    }

    @Test
    void connectionLimitsCountPerInstanceAndPerAddress() {
        ConnectionLimits limits = new ConnectionLimits(3, 2);
        assertEquals(ConnectionLimits.Refusal.NONE, limits.tryAcquire("a"));
        assertEquals(ConnectionLimits.Refusal.NONE, limits.tryAcquire("a"));
        assertEquals(ConnectionLimits.Refusal.ADDRESS_FULL, limits.tryAcquire("a"));
        assertEquals(ConnectionLimits.Refusal.NONE, limits.tryAcquire("b"));
        assertEquals(ConnectionLimits.Refusal.INSTANCE_FULL, limits.tryAcquire("c"));
        assertEquals(3, limits.total());
        limits.release("a");
        assertEquals(ConnectionLimits.Refusal.NONE, limits.tryAcquire("c"));
        ConnectionLimits none = new ConnectionLimits(0, 0);
        for (int i = 0; i < 100; i++) {
            assertEquals(ConnectionLimits.Refusal.NONE, none.tryAcquire("a"));
        }
        assertEquals(100, none.total());
    }
}

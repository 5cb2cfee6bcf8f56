package io.socketgrid.client;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of one {@link ClientSocket}; immutable. Every knob, its default and its unit:
 *
 * <table>
 * <caption>options</caption>
 * <tr><th>option</th><th>default</th><th>meaning</th></tr>
 * <tr><td>invokeTimeout</td><td>10 s</td><td>how long an invoke (and publish, subscribe, authenticate) waits for its answer</td></tr>
 * <tr><td>connectTimeout</td><td>10 s</td><td>time an attempt has to open the WebSocket and get the handshake answered</td></tr>
 * <tr><td>initialDelay</td><td>500 ms</td><td>ceiling of the first reconnect delay</td></tr>
 * <tr><td>factor</td><td>2</td><td>growth of the ceiling per failed attempt</td></tr>
 * <tr><td>maxDelay</td><td>30 s</td><td>largest ceiling</td></tr>
 * <tr><td>jitter</td><td>true</td><td>wait a random time below the ceiling (full jitter); false waits the ceiling itself, for tests
 *     and single clients: many sockets without jitter reconnect all at once</td></tr>
 * <tr><td>autoReconnect</td><td>true</td><td>reconnect after a lost connection (except after 1000 and codes ≥ 4500)</td></tr>
 * <tr><td>maxQueued</td><td>1000</td><td>most frames (transmits, and invokes made while connecting) that may wait for the handshake</td></tr>
 * <tr><td>authToken</td><td>none</td><td>the signed token presented in the first handshake</td></tr>
 * <tr><td>localAddress</td><td>none</td><td>the source address to bind (Java 19+ with the JDK transport)</td></tr>
 * </table>
 */
public final class ClientOptions {

    private static final ClientOptions DEFAULTS = builder().build();

    private final Duration invokeTimeout;
    private final Duration connectTimeout;
    private final Backoff backoff;
    private final boolean jitter;
    private final boolean autoReconnect;
    private final int maxQueued;
    private final String authToken;
    private final InetAddress localAddress;

    private ClientOptions(Builder b) {
        invokeTimeout = b.invokeTimeout;
        connectTimeout = b.connectTimeout;
        backoff = new Backoff(b.initialDelay.toMillis(), b.factor, b.maxDelay.toMillis());
        jitter = b.jitter;
        autoReconnect = b.autoReconnect;
        maxQueued = b.maxQueued;
        authToken = b.authToken;
        localAddress = b.localAddress;
    }

    public static ClientOptions defaults() {
        return DEFAULTS;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Duration invokeTimeout() {
        return invokeTimeout;
    }

    public Duration connectTimeout() {
        return connectTimeout;
    }

    Backoff backoff() {
        return backoff;
    }

    public boolean jitter() {
        return jitter;
    }

    public boolean autoReconnect() {
        return autoReconnect;
    }

    public int maxQueued() {
        return maxQueued;
    }

    public String authToken() {
        return authToken;
    }

    public InetAddress localAddress() {
        return localAddress;
    }

    /** Builds {@link ClientOptions}; every setter checks its value at once. */
    public static final class Builder {
        private Duration invokeTimeout = Duration.ofSeconds(10);
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration initialDelay = Duration.ofMillis(500);
        private double factor = 2;
        private Duration maxDelay = Duration.ofSeconds(30);
        private boolean jitter = true;
        private boolean autoReconnect = true;
        private int maxQueued = 1000;
        private String authToken;
        private InetAddress localAddress;

        private Builder() {
        }

        public Builder invokeTimeout(Duration value) {
            invokeTimeout = positive(value, "invokeTimeout");
            return this;
        }

        public Builder connectTimeout(Duration value) {
            connectTimeout = positive(value, "connectTimeout");
            return this;
        }

        public Builder initialDelay(Duration value) {
            initialDelay = notNegative(value, "initialDelay");
            return this;
        }

        public Builder factor(double value) {
            if (!(value >= 1)) {
                throw new IllegalArgumentException("factor must be >= 1, got " + value);
            }
            factor = value;
            return this;
        }

        public Builder maxDelay(Duration value) {
            maxDelay = notNegative(value, "maxDelay");
            return this;
        }

        public Builder jitter(boolean value) {
            jitter = value;
            return this;
        }

        public Builder autoReconnect(boolean value) {
            autoReconnect = value;
            return this;
        }

        public Builder maxQueued(int value) {
            if (value < 0) {
                throw new IllegalArgumentException("maxQueued must be >= 0, got " + value);
            }
            maxQueued = value;
            return this;
        }

        public Builder authToken(String value) {
            authToken = value;
            return this;
        }

        public Builder localAddress(InetAddress value) {
            localAddress = value;
            return this;
        }

        public ClientOptions build() {
            return new ClientOptions(this);
        }

        private static Duration positive(Duration value, String name) {
            if (Objects.requireNonNull(value, name).isNegative() || value.isZero()) {
                throw new IllegalArgumentException(name + " must be > 0, got " + value);
            }
            return value;
        }

        private static Duration notNegative(Duration value, String name) {
            if (Objects.requireNonNull(value, name).isNegative()) {
                throw new IllegalArgumentException(name + " must be >= 0, got " + value);
            }
            return value;
        }
    }
}

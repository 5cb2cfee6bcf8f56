package io.socketgrid.config;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * The security settings of {@link SocketGridConfig}, read the same way ({@code socketgrid.<name>} or
 * {@code SOCKETGRID_<NAME>}); docs/SECURITY.md explains each answer.
 *
 * @param allowedOrigins     browser origins that may open a socket, comma-separated ({@code https://app.example});
 *                           {@code *} allows any. Empty (default): the origin of the request's own Host only.
 *                           Requests without an Origin header (non-browser clients) are always allowed. A refused
 *                           upgrade gets HTTP 403
 * @param authKey            the HS256 secret that signs and verifies auth tokens, at least 32 bytes (default
 *                           empty: a random key per node, so tokens hold on that node only and not after a restart)
 * @param authPrivateKey     a PEM file with an RSA private key: tokens are signed RS256 (default empty)
 * @param authPublicKey      a PEM file with the matching RSA public key: tokens are verified RS256 (default empty;
 *                           a node with only the public key verifies tokens another service signs)
 * @param authDefaultExpiry  lifetime of a token the server signs when its claims carry no {@code exp} (default 24h)
 * @param authChannels       channels that only authenticated sockets may subscribe and publish to, comma-separated;
 *                           a trailing {@code *} matches a prefix ({@code private.*}) (default empty: none)
 * @param inboundRate        actions one socket may send per second, sustained (token bucket; default 5000; 0: no limit)
 * @param inboundBurst       actions one socket may send at once above the rate (default twice {@code inboundRate})
 * @param maxBatchLength     frames one message may carry as a batch; a longer batch closes with 1009 (default 1000)
 * @param maxConnections     sockets this instance holds at once; more are closed with 1013 (default 0: no limit)
 * @param maxConnectionsPerAddress sockets one remote address holds on this instance; more are closed with 1013
 *                           (default 0: no limit)
 * @param opsRole            the role that may read the operations documents ({@code /socketgrid/stats},
 *                           {@code /socketgrid/cluster}) from another host; empty (default): loopback only
 */
public record SecurityConfig(
        List<String> allowedOrigins,
        String authKey,
        String authPrivateKey,
        String authPublicKey,
        Duration authDefaultExpiry,
        List<String> authChannels,
        int inboundRate,
        int inboundBurst,
        int maxBatchLength,
        int maxConnections,
        int maxConnectionsPerAddress,
        String opsRole) {

    public SecurityConfig {
        allowedOrigins = List.copyOf(allowedOrigins);
        authChannels = List.copyOf(authChannels);
        if (inboundRate < 0 || inboundBurst < 0 || maxConnections < 0 || maxConnectionsPerAddress < 0) {
            throw new IllegalArgumentException(SocketGridConfig.PREFIX
                    + "inboundRate, inboundBurst, maxConnections and maxConnectionsPerAddress must not be negative");
        }
        if (maxBatchLength <= 0) {
            throw new IllegalArgumentException(SocketGridConfig.PREFIX + "maxBatchLength must be positive");
        }
        if (authDefaultExpiry.isNegative() || authDefaultExpiry.isZero()) {
            throw new IllegalArgumentException(SocketGridConfig.PREFIX + "authDefaultExpiry must be positive");
        }
    }

    static SecurityConfig load(SocketGridConfig.Settings s) {
        int rate = s.integer("inboundRate", 5000);
        return new SecurityConfig(
                list(s.raw("allowedOrigins", "")),
                s.raw("authKey", ""),
                s.raw("authPrivateKey", ""),
                s.raw("authPublicKey", ""),
                s.duration("authDefaultExpiry", Duration.ofHours(24)),
                list(s.raw("authChannels", "")),
                rate,
                s.integer("inboundBurst", 2 * rate),
                s.integer("maxBatchLength", 1000),
                s.integer("maxConnections", 0),
                s.integer("maxConnectionsPerAddress", 0),
                s.raw("opsRole", ""));
    }

    private static List<String> list(String text) {
        return Arrays.stream(text.split(",")).map(String::trim).filter(item -> !item.isEmpty()).toList();
    }

    /** Never prints the secret. */
    @Override
    public String toString() {
        return "SecurityConfig[allowedOrigins=" + (allowedOrigins.isEmpty() ? "same origin" : allowedOrigins)
                + ", auth=" + (!authPrivateKey.isEmpty() || !authPublicKey.isEmpty() ? "RS256"
                : authKey.isEmpty() ? "HS256 random per node" : "HS256 configured key")
                + ", authDefaultExpiry=" + authDefaultExpiry + ", authChannels=" + authChannels
                + ", inboundRate=" + inboundRate + ", inboundBurst=" + inboundBurst
                + ", maxBatchLength=" + maxBatchLength + ", maxConnections=" + maxConnections
                + ", maxConnectionsPerAddress=" + maxConnectionsPerAddress
                + ", opsRole=" + (opsRole.isEmpty() ? "(loopback only)" : opsRole) + "]";
    }
}

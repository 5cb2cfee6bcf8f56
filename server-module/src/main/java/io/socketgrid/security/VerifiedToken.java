package io.socketgrid.security;

import jakarta.json.JsonObject;

/**
 * A token whose signature and dates checked out.
 *
 * @param signed          the compact JWT as the client holds it
 * @param claims          its payload
 * @param expiresAtMillis when it expires (epoch milliseconds), or {@link Long#MAX_VALUE} without {@code exp}
 */
public record VerifiedToken(String signed, JsonObject claims, long expiresAtMillis) {

    public boolean expiredAt(long nowMillis) {
        return nowMillis >= expiresAtMillis;
    }
}

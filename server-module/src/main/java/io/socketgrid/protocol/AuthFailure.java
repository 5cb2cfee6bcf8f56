package io.socketgrid.protocol;

import java.util.Objects;

/**
 * Why a token was not accepted, as the official client's {@code authError} names it: {@code AuthTokenExpiredError}
 * (with the expiry, ISO-8601), {@code AuthTokenNotBeforeError} (with the date it becomes valid),
 * {@code AuthTokenInvalidError} (malformed, forged, another algorithm) or {@code AuthTokenError}.
 *
 * @param date the expiry or not-before instant, ISO-8601; null for the other kinds
 */
public record AuthFailure(String name, String message, String date) {

    public static final String EXPIRED = "AuthTokenExpiredError";
    public static final String NOT_BEFORE = "AuthTokenNotBeforeError";
    public static final String INVALID = "AuthTokenInvalidError";
    public static final String OTHER = "AuthTokenError";

    public AuthFailure {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(message, "message");
    }

    /** The field the client reads the date from: {@code expiry} or {@code date}; null without a date. */
    public String dateField() {
        if (date == null) {
            return null;
        }
        return EXPIRED.equals(name) ? "expiry" : "date";
    }
}

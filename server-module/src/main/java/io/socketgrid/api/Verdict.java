package io.socketgrid.api;

import java.util.Objects;

/**
 * A middleware's decision on one action: {@link #ALLOW}, or block it with an error the client receives as
 * {@code {"name":…,"message":…}} (the answer to an invoke, a failed subscribe or publish; a blocked transmit
 * is dropped and counted). Immutable.
 */
public final class Verdict {

    /** Let the action through (to the next middleware, then to the engine). */
    public static final Verdict ALLOW = new Verdict(null, null);

    private final String error;
    private final String message;

    private Verdict(String error, String message) {
        this.error = error;
        this.message = message;
    }

    /**
     * Blocks the action. {@code error} is the error name the client sees (SocketCluster clients use names such
     * as {@code ForbiddenError}); {@code message} says why, and is sent to the client as is.
     */
    public static Verdict block(String error, String message) {
        return new Verdict(Objects.requireNonNull(error, "error"), Objects.requireNonNull(message, "message"));
    }

    public boolean allowed() {
        return error == null;
    }

    /** The error name of a block; null when allowed. */
    public String error() {
        return error;
    }

    /** Why the action was blocked; null when allowed. */
    public String message() {
        return message;
    }

    @Override
    public String toString() {
        return allowed() ? "allow" : "block " + error + ": " + message;
    }
}

package io.socketgrid.security;

import io.socketgrid.protocol.AuthFailure;

/** A token was not accepted; {@link #failure()} says why in the client's terms. */
public final class TokenRejectedException extends Exception {

    private final transient AuthFailure failure;

    public TokenRejectedException(AuthFailure failure) {
        super(failure.name() + ": " + failure.message(), null, false, false);
        this.failure = failure;
    }

    public AuthFailure failure() {
        return failure;
    }
}

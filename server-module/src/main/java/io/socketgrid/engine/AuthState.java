package io.socketgrid.engine;

import io.socketgrid.security.VerifiedToken;

import java.security.Principal;

/**
 * Who a socket is, immutable: the container principal of its HTTP upgrade (kept for the socket's life) and
 * the token it authenticated with (replaced by {@code #authenticate} and {@code setAuthToken}, removed by
 * {@code #removeAuthToken}, by {@code deauthenticate} or when it expires). Either makes the socket
 * authenticated.
 */
record AuthState(Principal principal, VerifiedToken token) {

    static final AuthState ANONYMOUS = new AuthState(null, null);

    boolean authenticated() {
        return principal != null || token != null;
    }

    AuthState withToken(VerifiedToken newToken) {
        return new AuthState(principal, newToken);
    }
}

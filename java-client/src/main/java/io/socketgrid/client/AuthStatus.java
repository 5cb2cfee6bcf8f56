package io.socketgrid.client;

/** The answer to {@link ClientSocket#authenticate}: authenticated, or the name of the token's error. */
public record AuthStatus(boolean authenticated, String authError) {
}

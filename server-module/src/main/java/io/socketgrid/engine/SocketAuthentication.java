package io.socketgrid.engine;

import io.socketgrid.protocol.AuthFailure;
import io.socketgrid.protocol.FrameCodec;
import io.socketgrid.protocol.ReservedEvents;
import io.socketgrid.security.ChannelPatterns;
import io.socketgrid.security.TokenRejectedException;
import io.socketgrid.security.TokenService;
import io.socketgrid.security.VerifiedToken;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

/**
 * The SocketCluster auth flow of a node: the token in {@code #handshake}, {@code #authenticate},
 * {@code #removeAuthToken} in both directions, {@code setAuthToken} by the application, and the end of a token
 * that expires while its socket is connected. A socket that stops being authenticated leaves the channels
 * that require authentication, each with a {@code #kickOut}. Thread-safe: a socket's auth state is one
 * immutable value swapped on its connection.
 */
final class SocketAuthentication {

    private final TokenService tokens;
    private final ChannelPatterns authChannels;
    private final FrameCodec codec;
    private final DataMapper mapper;
    private final ChannelFanout fanout;
    private final EngineObserver observer;

    SocketAuthentication(TokenService tokens, ChannelPatterns authChannels, FrameCodec codec, DataMapper mapper,
                         ChannelFanout fanout, EngineObserver observer) {
        this.tokens = tokens;
        this.authChannels = authChannels;
        this.codec = codec;
        this.mapper = mapper;
        this.fanout = fanout;
        this.observer = observer;
    }

    /** Whether {@code channel} is one only authenticated sockets may use. */
    boolean requiresAuthentication(String channel) {
        return !authChannels.isEmpty() && authChannels.matches(channel);
    }

    /**
     * Takes the token of a {@code #handshake} ({@code {"authToken":…}}), if any: null when the socket has no
     * token or a valid one, else why it was refused (the socket stays unauthenticated by token).
     */
    AuthFailure onHandshake(Connection connection, JsonValue handshakeData) {
        if (connection.auth().principal() != null) {
            observer.security(SecurityEvent.AUTHENTICATED);
        }
        JsonValue token = handshakeData instanceof JsonObject data ? data.get("authToken") : null;
        if (token == null || token == JsonValue.NULL) {
            return null;
        }
        try {
            accept(connection, tokens.verify(token instanceof JsonString s ? s.getString() : null));
            return null;
        } catch (TokenRejectedException e) {
            observer.security(SecurityEvent.TOKEN_REJECTED);
            return e.failure();
        }
    }

    /** {@code #authenticate}: verifies the token and answers {@code {isAuthenticated, authError}}. */
    void authenticate(Connection connection, ClientAction.Authenticate action) {
        AuthFailure failure = null;
        try {
            accept(connection, tokens.verify(action.signedToken()));
        } catch (TokenRejectedException e) {
            observer.security(SecurityEvent.TOKEN_REJECTED);
            failure = e.failure();
            removeToken(connection, false);
        }
        if (action.event().isInvoke()) {
            connection.send(codec.encodeAuthStatus(action.event().cid(), failure == null, failure));
        }
    }

    /** The application signs {@code claims} as the socket's token and pushes it ({@code #setAuthToken}). */
    void setAuthToken(Connection connection, Object claims) {
        if (!(mapper.toJson(claims) instanceof JsonObject object)) {
            throw new IllegalArgumentException("auth token claims must be a JSON object");
        }
        String signed = tokens.sign(object);
        try {
            accept(connection, tokens.verify(signed));
        } catch (TokenRejectedException e) {
            throw new IllegalArgumentException("the claims make a token that does not verify: " + e.getMessage(), e);
        }
        connection.send(codec.encodeTransmit(ReservedEvents.SET_AUTH_TOKEN,
                codec.json().createObjectBuilder().add("token", signed).build()));
    }

    /**
     * Removes the socket's token; with {@code tellClient} the client is told to forget it. Either way, a socket
     * that is no longer authenticated leaves the channels that require it.
     */
    void removeToken(Connection connection, boolean tellClient) {
        AuthState before = connection.auth();
        if (before.token() != null) {
            connection.auth(before.withToken(null));
        }
        if (tellClient) {
            connection.send(codec.encodeTransmit(ReservedEvents.REMOVE_AUTH_TOKEN, null));
        }
        if (!connection.auth().authenticated()) {
            kickOutOfAuthChannels(connection);
        }
    }

    /** Ends the socket's token when it expired by {@code nowMillis}; true when it did. */
    boolean expireIfDue(Connection connection, long nowMillis) {
        VerifiedToken token = connection.auth().token();
        if (token == null || !token.expiredAt(nowMillis)) {
            return false;
        }
        observer.security(SecurityEvent.TOKEN_EXPIRED);
        removeToken(connection, true);
        return true;
    }

    private void accept(Connection connection, VerifiedToken token) {
        connection.auth(connection.auth().withToken(token));
        observer.security(SecurityEvent.AUTHENTICATED);
    }

    private void kickOutOfAuthChannels(Connection connection) {
        if (authChannels.isEmpty()) {
            return;
        }
        for (String channel : connection.channels().toArray(String[]::new)) {
            if (authChannels.matches(channel)) {
                fanout.unsubscribe(channel, connection);
                connection.send(codec.encodeTransmit(ReservedEvents.KICK_OUT, codec.json().createObjectBuilder()
                        .add("channel", channel)
                        .add("message", "the socket is no longer authenticated").build()));
            }
        }
    }
}

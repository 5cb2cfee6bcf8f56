package io.socketgrid.api;

import jakarta.json.JsonObject;

import java.security.Principal;
import java.util.Optional;
import java.util.Set;

/**
 * One connected client as application code sees it. All methods are thread-safe and never block: sends are
 * queued and written asynchronously, in call order.
 */
public interface ClientSocket {

    /** The id the client was told in its handshake; unique within the cluster. */
    String id();

    /**
     * Sends event {@code event} with {@code data} (a {@link jakarta.json.JsonValue}, a String, Number or
     * Boolean, null, or any object JSON-B can bind). Returns false when the socket is closed or its outbound
     * queue overflowed (it is then being closed with 4100).
     */
    boolean transmit(String event, Object data);

    /** Closes the socket with {@code code} and {@code reason}; closing a closed socket does nothing. */
    void close(int code, String reason);

    boolean isOpen();

    /** The channels this socket is subscribed to now (a snapshot). */
    Set<String> subscriptions();

    /** The client's IP address as this server saw it ("" when unknown); behind a balancer, the balancer's. */
    String remoteAddress();

    /** True while the socket holds a valid auth token or came with a container principal. */
    boolean isAuthenticated();

    /** The container principal of the socket's HTTP upgrade (servlet login, Jakarta Security), if any. */
    Optional<Principal> principal();

    /** The claims of the socket's valid auth token, if any (SocketCluster's {@code socket.authToken}). */
    Optional<JsonObject> authToken();

    /**
     * Signs {@code claims} (a JsonObject or anything JSON-B binds to an object) as the socket's auth token and
     * sends it to the client ({@code #setAuthToken}), which stores it and presents it when it reconnects. Adds
     * {@code exp} (now + {@code authDefaultExpiry}) when absent.
     *
     * @throws IllegalArgumentException when {@code claims} is not an object
     * @throws IllegalStateException when this node cannot sign (RS256 with the public key only)
     */
    void setAuthToken(Object claims);

    /**
     * Removes the socket's token and tells the client to forget it ({@code #removeAuthToken}); it leaves the
     * channels that require authentication. A container principal stays.
     */
    void deauthenticate();
}

package io.socketgrid.engine;

import io.socketgrid.broker.StreamPosition;
import io.socketgrid.protocol.InboundFrame;
import jakarta.json.JsonValue;

/**
 * What a client asks for in one event frame of an open connection, decoded once by {@link ActionDecoder}:
 * the interception point ({@link InboundInterception}) decides on it, then {@link FrameRouter} carries it out.
 * Every variant keeps the frame it came from, so an invoke can be answered by its {@code cid}.
 */
public sealed interface ClientAction {

    InboundFrame.Event event();

    /** An application event without a call id. */
    record Transmit(InboundFrame.Event event) implements ClientAction {
    }

    /** An application event that expects exactly one answer. */
    record Invoke(InboundFrame.Event event) implements ClientAction {
    }

    /** {@code #subscribe}; {@code since} is the position to recover from, or null. */
    record Subscribe(InboundFrame.Event event, String channel, StreamPosition since) implements ClientAction {
    }

    /** {@code #unsubscribe}. */
    record Unsubscribe(InboundFrame.Event event, String channel) implements ClientAction {
    }

    /** {@code #publish} by the client. */
    record Publish(InboundFrame.Event event, String channel, JsonValue data) implements ClientAction {
    }

    /** {@code #authenticate} with a signed token (null when the client sent none). */
    record Authenticate(InboundFrame.Event event, String signedToken) implements ClientAction {
    }

    /** {@code #removeAuthToken} from the client: it logs out. */
    record Deauthenticate(InboundFrame.Event event) implements ClientAction {
    }

    /** A reserved event a protocol extension handles (file transfer), or none does. */
    record Extension(InboundFrame.Event event) implements ClientAction {
    }

    /** A reserved event that cannot be carried out as sent (bad arguments, a second handshake): answered with {@code error}. */
    record Rejected(InboundFrame.Event event, String error, String message) implements ClientAction {
    }
}

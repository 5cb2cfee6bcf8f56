package io.socketgrid.load.dialect;

import jakarta.json.JsonValue;

/**
 * One decoded text message of engine.io v4 carrying Socket.IO v4 (protocol 5), see {@link SocketIoCodec}.
 *
 * @param type      what the message is
 * @param namespace the Socket.IO namespace ("/" when the packet names none; "" for engine.io packets)
 * @param ackId     the ack id of an {@code EVENT} (an ack is wanted) or an {@code ACK}; -1 when none
 * @param payload   the JSON that follows (an engine.io open's handshake object, an event's array, an ack's
 *                  array, a connect's object); {@link JsonValue#NULL} when none
 * @param detail    for {@link Type#INVALID}: what is wrong
 */
public record SocketIoPacket(Type type, String namespace, long ackId, JsonValue payload, String detail) {

    /** engine.io packet types ({@code 0}–{@code 6}), then Socket.IO's inside an engine.io message ({@code 4x}). */
    public enum Type {
        /** {@code 0{…}}: engine.io open, with sid, pingInterval, pingTimeout, maxPayload. */
        OPEN,
        /** {@code 1}: engine.io close. */
        CLOSE,
        /** {@code 2}: engine.io ping (the server's heartbeat in v4), to be answered with {@code 3}. */
        PING,
        /** {@code 3}: engine.io pong. */
        PONG,
        /** {@code 6}: engine.io noop. */
        NOOP,
        /** {@code 40}: Socket.IO connect (the server's answer carries {@code {"sid":…}}). */
        CONNECT,
        /** {@code 41}: Socket.IO disconnect. */
        DISCONNECT,
        /** {@code 42}: Socket.IO event: {@code ["name", args…]}. */
        EVENT,
        /** {@code 43}: Socket.IO ack: {@code [args…]}. */
        ACK,
        /** {@code 44}: Socket.IO connect error: {@code {"message":…}}. */
        CONNECT_ERROR,
        /** {@code 45}/{@code 46}: binary event or ack; its attachments follow as binary messages (not supported). */
        BINARY,
        /** Anything else, or malformed. */
        INVALID
    }

    static SocketIoPacket of(Type type) {
        return new SocketIoPacket(type, "", -1, JsonValue.NULL, null);
    }

    static SocketIoPacket invalid(String detail) {
        return new SocketIoPacket(Type.INVALID, "", -1, JsonValue.NULL, detail);
    }
}

package io.socketgrid.protocol.files;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * What nodes tell each other about file transfers over a node route. A transfer's state lives on its owner
 * node; another node only relays between its own socket and the owner:
 * <ul>
 *   <li>{@link Kind#CLIENT_EVENT}, {@link Kind#CLIENT_CHUNK}, {@link Kind#CLIENT_GONE}: relay → owner, what a
 *       socket of the relay sent (the event frame as JSON text, the chunk message), or that it is gone;</li>
 *   <li>{@link Kind#TO_CLIENT_TEXT}, {@link Kind#TO_CLIENT_CHUNK}: owner → relay, a frame to pass to a socket
 *       of the relay (encoded text, or a chunk message).</li>
 * </ul>
 * Layout: {@code kind (1) | node length (1) | node | socket length (1) | socket | payload}.
 *
 * @param node   the node that sent the message; for client messages, the node the socket is reached through
 *               (its own node, also when another node served the HTTP request that carried the bytes)
 * @param socket the socket it is about
 */
public record RouteMessage(Kind kind, String node, String socket, ByteBuffer payload) {

    public enum Kind { CLIENT_EVENT, CLIENT_CHUNK, CLIENT_GONE, TO_CLIENT_TEXT, TO_CLIENT_CHUNK }

    private static final Kind[] KINDS = Kind.values();

    public static RouteMessage text(Kind kind, String node, String socket, String text) {
        return new RouteMessage(kind, node, socket, ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
    }

    /** The payload as UTF-8 text. */
    public String text() {
        return StandardCharsets.UTF_8.decode(payload.duplicate()).toString();
    }

    public byte[] encode() {
        byte[] node = ascii(this.node);
        byte[] socket = ascii(this.socket);
        ByteBuffer out = ByteBuffer.allocate(3 + node.length + socket.length + payload.remaining());
        out.put((byte) kind.ordinal()).put((byte) node.length).put(node).put((byte) socket.length).put(socket);
        out.put(payload.duplicate());
        return out.array();
    }

    /** Reads a message another node encoded; messages come from trusted nodes only. */
    public static RouteMessage decode(byte[] message) {
        ByteBuffer in = ByteBuffer.wrap(message);
        Kind kind = KINDS[in.get()];
        String node = readAscii(in);
        String socket = readAscii(in);
        return new RouteMessage(kind, node, socket, in.slice());
    }

    private static byte[] ascii(String id) {
        if (!ChunkFrame.isValidId(id)) {
            throw new IllegalArgumentException("not an id: " + id);
        }
        return id.getBytes(StandardCharsets.US_ASCII);
    }

    private static String readAscii(ByteBuffer in) {
        byte[] bytes = new byte[in.get() & 0xff];
        in.get(bytes);
        return new String(bytes, StandardCharsets.US_ASCII);
    }
}

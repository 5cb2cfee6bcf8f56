package io.socketgrid.engine;

import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Socket ids (and file transfer ids): the id of the node the socket is connected to, a dot, and 96 random bits in URL-safe base64
 * ({@code k3x9q2ma.Vh3T0q9xQmZ2wB1c}). The node part lets any node route a targeted send without a lookup;
 * collisions of the random part are not a practical concern.
 */
public final class SocketIds {

    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final char SEPARATOR = '.';

    private final String nodeId;

    public SocketIds(String nodeId) {
        if (nodeId.isEmpty() || nodeId.indexOf(SEPARATOR) >= 0) {
            throw new IllegalArgumentException("a node id is non-empty and has no '.': " + nodeId);
        }
        this.nodeId = nodeId;
    }

    public String next() {
        byte[] bytes = new byte[12];
        ThreadLocalRandom.current().nextBytes(bytes);
        return nodeId + SEPARATOR + ENCODER.encodeToString(bytes);
    }

    /** The node a socket id belongs to, or null when the id is not one of ours. */
    public static String nodeOf(String socketId) {
        int separator = socketId.indexOf(SEPARATOR);
        return separator > 0 ? socketId.substring(0, separator) : null;
    }
}

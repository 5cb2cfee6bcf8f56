package io.socketgrid.engine;

import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;

/** Socket ids: 120 random bits, URL-safe base64 (20 characters); collisions are not a practical concern. */
final class SocketIds {

    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

    String next() {
        byte[] bytes = new byte[15];
        ThreadLocalRandom.current().nextBytes(bytes);
        return ENCODER.encodeToString(bytes);
    }
}

package io.socketgrid.engine;

/**
 * Told when a local socket joins or leaves a channel (the cluster's presence view is built from this).
 * Called on the thread that changed the membership; must not block.
 */
public interface PresenceListener {

    PresenceListener NONE = new PresenceListener() {
        @Override
        public void joined(String channel, String socketId) {
        }

        @Override
        public void left(String channel, String socketId) {
        }
    };

    void joined(String channel, String socketId);

    /** Also called for every channel of a socket that disconnects. */
    void left(String channel, String socketId);
}

package io.socketgrid.cluster;

import java.util.concurrent.ThreadLocalRandom;

/** Node ids: 8 characters of [a-z0-9], the prefix of a node's socket ids. */
public final class NodeIds {

    private NodeIds() {
    }

    /** A new random node id, for a node that has no cluster to take one from. */
    public static String random() {
        char[] id = new char[8];
        for (int i = 0; i < id.length; i++) {
            id[i] = Character.forDigit(ThreadLocalRandom.current().nextInt(36), 36);
        }
        return new String(id);
    }
}

package io.socketgrid.engine;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The open connections of one engine, by id, kept in a fixed number of slices (by the id's hash) so that
 * periodic work can visit them one slice at a time: the heartbeat sweep then touches a few sockets every few
 * milliseconds instead of all of them at once, which would hold the message path up for the length of a burst.
 *
 * <p>Thread-safe; owned by the engine and cleared with it. Iteration is weakly consistent, as with
 * {@link ConcurrentHashMap}.
 */
final class ConnectionRegistry {

    private final List<ConcurrentHashMap<String, Connection>> slices;

    /** @param sliceCount how many slices the connections are spread over, at least 1 */
    ConnectionRegistry(int sliceCount) {
        if (sliceCount < 1) {
            throw new IllegalArgumentException("sliceCount must be at least 1, was " + sliceCount);
        }
        List<ConcurrentHashMap<String, Connection>> maps = new ArrayList<>(sliceCount);
        for (int i = 0; i < sliceCount; i++) {
            maps.add(new ConcurrentHashMap<>());
        }
        this.slices = List.copyOf(maps);
    }

    private ConcurrentHashMap<String, Connection> sliceOf(String id) {
        return slices.get(Math.floorMod(id.hashCode(), slices.size()));
    }

    void add(Connection connection) {
        sliceOf(connection.id()).put(connection.id(), connection);
    }

    /** Removes {@code connection} if it is still the one registered under its id. */
    void remove(Connection connection) {
        sliceOf(connection.id()).remove(connection.id(), connection);
    }

    /** The connection with id {@code id}, or null. */
    Connection get(String id) {
        return sliceOf(id).get(id);
    }

    /** How many connections are registered (a sum over the slices: not for the message path). */
    int size() {
        int size = 0;
        for (ConcurrentHashMap<String, Connection> slice : slices) {
            size += slice.size();
        }
        return size;
    }

    int sliceCount() {
        return slices.size();
    }

    /** The live connections of slice {@code index} (0 ≤ index < {@link #sliceCount()}). */
    Collection<Connection> slice(int index) {
        return slices.get(index).values();
    }

    /** Every live connection, slice after slice. */
    Iterable<Connection> all() {
        return () -> slices.stream().flatMap(slice -> slice.values().stream()).iterator();
    }
}

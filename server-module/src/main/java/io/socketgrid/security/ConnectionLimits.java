package io.socketgrid.security;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts this instance's sockets, in total and per remote address, against {@code maxConnections} and
 * {@code maxConnectionsPerAddress} (0: no limit). {@link #tryAcquire} and {@link #release} pair up per socket;
 * thread-safe, and an address's entry goes away with its last socket.
 */
public final class ConnectionLimits {

    /** Why a socket was refused. */
    public enum Refusal { NONE, INSTANCE_FULL, ADDRESS_FULL }

    private final int maxConnections;
    private final int maxPerAddress;
    private final AtomicInteger total = new AtomicInteger();
    private final Map<String, AtomicInteger> perAddress = new ConcurrentHashMap<>();

    public ConnectionLimits(int maxConnections, int maxPerAddress) {
        this.maxConnections = maxConnections;
        this.maxPerAddress = maxPerAddress;
    }

    /** Counts a new socket from {@code address}; when a limit refuses it nothing is counted. */
    public Refusal tryAcquire(String address) {
        if (maxConnections > 0 && total.incrementAndGet() > maxConnections) {
            total.decrementAndGet();
            return Refusal.INSTANCE_FULL;
        } else if (maxConnections <= 0) {
            total.incrementAndGet();
        }
        if (maxPerAddress > 0) {
            boolean[] full = new boolean[1];
            perAddress.compute(address, (key, count) -> {
                AtomicInteger current = count != null ? count : new AtomicInteger();
                if (current.get() >= maxPerAddress) {
                    full[0] = true;
                } else {
                    current.incrementAndGet();
                }
                return current.get() == 0 ? null : current;
            });
            if (full[0]) {
                total.decrementAndGet();
                return Refusal.ADDRESS_FULL;
            }
        }
        return Refusal.NONE;
    }

    /** Forgets a socket {@link #tryAcquire} counted. */
    public void release(String address) {
        total.decrementAndGet();
        if (maxPerAddress > 0) {
            perAddress.computeIfPresent(address, (key, count) -> count.decrementAndGet() == 0 ? null : count);
        }
    }

    public int total() {
        return total.get();
    }
}

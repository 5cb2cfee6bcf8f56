package io.socketgrid.broker.hazelcast;

import com.hazelcast.core.DistributedObject;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.ringbuffer.Ringbuffer;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Destroys the ringbuffers of expired channel epochs without ever creating one.
 *
 * <p>Every member's broker hears each expiry (the epoch map's listener is cluster-wide), and each destroys the
 * ringbuffer only if this member holds a proxy of it. {@code getRingbuffer(name).destroy()} would not do: on a
 * member whose proxy another member's destroy had just removed, {@code getRingbuffer} creates the proxy again
 * and announces it to the other members as an event, which can reach one of them after the destroy and leave a
 * stale proxy there for good. A destroy removes the proxy on every member and the ringbuffer's data; two
 * members destroying the same ringbuffer is harmless.
 *
 * <p>Names are collected and destroyed in one pass over this member's distributed objects on the given
 * executor, so a burst of expiries costs one scan. When the cluster is in trouble a pass may fail; those
 * ringbuffers then stay until their items' time to live empties them (their epoch is never used again).
 */
final class ExpiredRingbuffers {

    private final HazelcastInstance hazelcast;
    private final Executor executor;
    private final Set<String> pending = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean passScheduled = new AtomicBoolean();

    ExpiredRingbuffers(HazelcastInstance hazelcast, Executor executor) {
        this.hazelcast = hazelcast;
        this.executor = executor;
    }

    /** Destroys the ringbuffer named {@code name} soon, if this member has a proxy of it. */
    void destroy(String name) {
        pending.add(name);
        if (passScheduled.compareAndSet(false, true)) {
            executor.execute(this::destroyPending);
        }
    }

    private void destroyPending() {
        passScheduled.set(false);
        Set<String> names = new HashSet<>(pending);
        if (names.isEmpty()) {
            return;
        }
        pending.removeAll(names);
        try {
            for (DistributedObject object : hazelcast.getDistributedObjects()) {
                if (object instanceof Ringbuffer && names.contains(object.getName())) {
                    object.destroy();
                }
            }
        } catch (RuntimeException clusterTrouble) {
            System.getLogger(ExpiredRingbuffers.class.getName()).log(System.Logger.Level.DEBUG,
                    () -> "destroying expired channel ringbuffers failed: " + clusterTrouble);
        }
    }
}

package io.socketgrid.monitoring;

import java.util.Locale;

/**
 * The groups a node's threads are shown in, recognised by thread name. Names come from the JVM (full) or from
 * Linux's {@code /proc/.../comm} (cut to 15 characters), so every rule matches on a prefix that short.
 * Tyrus has no threads of its own inside Payara: it reads and writes on the Grizzly workers, and its idle
 * timeouts run on SocketGrid's scheduler patch ({@code socketgrid-tyrus-idle-timeouts}). In WildFly, Undertow
 * reads and writes frames on XNIO's I/O threads and hands each message to its workers.
 */
public enum ThreadPool {
    /** Grizzly's selector ({@code http-listener-kernel(1) SelectorRunner}): accepts and polls sockets. */
    GRIZZLY_SELECTOR,
    /** Grizzly's workers ({@code http-thread-pool::http-listener(n)}): HTTP, Tyrus frames, the engine's inbound work. */
    GRIZZLY_WORKERS,
    /** WildFly's XNIO I/O threads ({@code default I/O-n}): accept, read and write, Undertow's frames. */
    UNDERTOW_IO,
    /** WildFly's Undertow workers ({@code default task-n}): HTTP, WebSocket messages, the engine's inbound work. */
    UNDERTOW_WORKERS,
    /** Hazelcast ({@code hz.<instance>.…}): cluster I/O, operations, events. */
    HAZELCAST,
    /** SocketGrid's own threads ({@code socketgrid-…}): broker delivery, heartbeats, node reports, file timers. */
    SOCKETGRID,
    /** The garbage collector's threads (G1: {@code GC Thread#n}, {@code G1 Conc#n}, {@code G1 Refine#n}, …). */
    GC,
    /** The JIT compilers ({@code C1/C2 CompilerThread}). */
    JIT,
    /** Everything else: the JVM's housekeeping, the server's other services, application threads. */
    OTHER;

    /** The group of a thread named {@code name} (full or cut to 15 characters). */
    public static ThreadPool of(String name) {
        String n = name.strip();
        if (n.startsWith("http-listener-k") || n.contains("SelectorRunner")) {
            return GRIZZLY_SELECTOR;
        }
        if (n.startsWith("http-thread-poo")) {
            return GRIZZLY_WORKERS;
        }
        if (n.startsWith("default I/O-")) {
            return UNDERTOW_IO;
        }
        if (n.startsWith("default task-")) {
            return UNDERTOW_WORKERS;
        }
        if (n.startsWith("hz.")) {
            return HAZELCAST;
        }
        if (n.startsWith("socketgrid-")) {
            return SOCKETGRID;
        }
        if (n.startsWith("GC Thread") || n.startsWith("G1 ") || n.startsWith("GC ")) {
            return GC;
        }
        if (n.toUpperCase(Locale.ROOT).matches("C[12] COMPILERTHRE.*")) {
            return JIT;
        }
        return OTHER;
    }
}

package io.socketgrid.files;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Counters of this node's file transfers, cheap enough for every chunk. */
final class FileCounters {

    private final LongAdder started = new LongAdder();
    private final LongAdder completed = new LongAdder();
    private final LongAdder bytesReceived = new LongAdder();
    private final LongAdder bytesSent = new LongAdder();
    private final LongAdder duplicateChunks = new LongAdder();
    private final LongAdder relayed = new LongAdder();
    private final Map<String, LongAdder> failures = new ConcurrentHashMap<>();

    void started() {
        started.increment();
    }

    void completed() {
        completed.increment();
    }

    void received(int bytes) {
        bytesReceived.add(bytes);
    }

    void sent(int bytes) {
        bytesSent.add(bytes);
    }

    void duplicate() {
        duplicateChunks.increment();
    }

    void relayed() {
        relayed.increment();
    }

    /** A transfer failed, or a message was refused, with error {@code name}. */
    void failed(String name) {
        failures.computeIfAbsent(name, n -> new LongAdder()).increment();
    }

    FileStats snapshot(int open) {
        Map<String, Long> failed = new TreeMap<>();
        failures.forEach((name, n) -> failed.put(name, n.sum()));
        return new FileStats(started.sum(), completed.sum(), bytesReceived.sum(), bytesSent.sum(),
                duplicateChunks.sum(), relayed.sum(), open, failed);
    }
}

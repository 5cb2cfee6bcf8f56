package io.socketgrid.engine;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The send queues of one engine that have frames waiting behind an outstanding write. A queue joins when a frame
 * has to wait and leaves when nothing waits any more (drained, closed or cut for overflow), so a queue that is not
 * here has nothing waiting: the once-a-second {@link #depth() depth} reading visits the backlogged sockets only,
 * not every socket of the node (at 15,000 idle sockets a pass over all of them held the metrics thread ≈ 10 ms a
 * second, docs/PERFORMANCE.md). Thread-safe; the queues call it under their own lock.
 */
final class SendBacklog {

    private final Set<OutboundQueue> queues = ConcurrentHashMap.newKeySet();

    void joined(OutboundQueue queue) {
        queues.add(queue);
    }

    void left(OutboundQueue queue) {
        queues.remove(queue);
    }

    /** How many queues have frames waiting now. */
    int size() {
        return queues.size();
    }

    /** What the backlogged queues hold: in all, and in the fullest one (a moment's reading, not atomic across them). */
    SocketGridEngine.SendQueueDepth depth() {
        long total = 0;
        long max = 0;
        for (OutboundQueue queue : queues) {
            long waiting = queue.waitingBytes();
            total += waiting;
            max = Math.max(max, waiting);
        }
        return new SocketGridEngine.SendQueueDepth(total, max);
    }
}

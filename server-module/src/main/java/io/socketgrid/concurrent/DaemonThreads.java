package io.socketgrid.concurrent;

import java.util.concurrent.ThreadFactory;

/** Thread factories for SocketGrid's own background threads. */
public final class DaemonThreads {

    private DaemonThreads() {
    }

    /**
     * Daemon threads named {@code name} (several threads of one pool share it): they never keep the JVM alive,
     * and their owner stops them on close. Names start with {@code socketgrid-} so that monitoring groups them.
     */
    public static ThreadFactory named(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}

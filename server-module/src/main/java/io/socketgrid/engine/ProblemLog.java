package io.socketgrid.engine;

import java.lang.System.Logger.Level;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Logs a kind of problem caused by clients once at WARNING (the first time it happens), and later
 * occurrences only at DEBUG: bad input must be visible without letting a client flood the log. Counts live
 * in {@link EngineCounters}.
 */
public final class ProblemLog {

    private static final System.Logger LOG = System.getLogger("io.socketgrid.engine");

    private final Set<String> seen = ConcurrentHashMap.newKeySet();

    public void report(String kind, String message) {
        if (seen.add(kind)) {
            LOG.log(Level.WARNING, message + " (first " + kind + "; later ones are counted and logged at DEBUG)");
        } else {
            LOG.log(Level.DEBUG, message);
        }
    }

    /** As {@link #report(String, String)}, with the stack trace on the first occurrence only. */
    public void report(String kind, String message, Throwable failure) {
        if (seen.add(kind)) {
            LOG.log(Level.WARNING, message + " (first " + kind + "; later ones are counted and logged at DEBUG)", failure);
        } else {
            LOG.log(Level.DEBUG, message + ": " + failure);
        }
    }
}

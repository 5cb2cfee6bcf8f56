package io.socketgrid.load.report;

/** Receives one row a second from a run (on the run's timer thread) and a note for events worth a line. */
public interface ProgressSink {

    void second(ProgressRow row);

    /** Something the user should see now (a first failure, the run ending early). */
    default void note(String message) {
    }
}

package io.socketgrid.api;

/** Thrown by a {@link Procedure} to answer the caller with a named error. */
public class ProcedureException extends Exception {

    private final String name;

    public ProcedureException(String name, String message) {
        super(message, null, false, false);
        this.name = name;
    }

    /** The error's name as the client sees it ({@code err.name}). */
    public String name() {
        return name;
    }
}

package io.socketgrid.protocol;

import java.util.Objects;

/**
 * An error object as it travels in a response frame: {@code {"rid":n,"error":{"name":…,"message":…}}}.
 * The official client rebuilds an {@code Error} whose {@code name} and {@code message} are these.
 */
public record ProtocolError(String name, String message) {

    /** An invoke named an event that no procedure handles. */
    public static final String NO_PROCEDURE = "NoProcedureError";
    /** The frame or its data did not have the shape the event requires. */
    public static final String INVALID_MESSAGE = "InvalidMessageError";
    /** The arguments of a reserved event were wrong (a missing channel name, say). */
    public static final String INVALID_ARGUMENTS = "InvalidArgumentsError";
    /** The action is not allowed here (a second handshake, client publish switched off). */
    public static final String INVALID_ACTION = "InvalidActionError";
    /** The broker could not subscribe or store a publish (a cluster problem); the client may retry. */
    public static final String BROKER_FAILED = "BrokerError";
    /** A procedure failed in a way it did not describe; details stay in the server log. */
    public static final String PROCEDURE_FAILED = "ProcedureError";

    public ProtocolError {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(message, "message");
    }
}

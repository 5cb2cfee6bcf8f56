package io.socketgrid.client.protocol;

/**
 * Names of the errors the client raises itself, beside the server's (docs/PROTOCOL.md, "Error names"). They
 * are the names the browser client and the official socketcluster-client use.
 */
public final class ErrorNames {
    /** An invoke got no answer within its timeout. */
    public static final String TIMEOUT = "TimeoutError";
    /** The socket was disconnected or closed, or the connection was lost before the answer. */
    public static final String BAD_CONNECTION = "BadConnectionError";
    /** Too many frames already wait for the connection. */
    public static final String QUEUE_FULL = "QueueFullError";
    /** The client offers no procedures: its answer to an invoke of the server. */
    public static final String NO_PROCEDURE = "NoProcedureError";
    /** The server sent something that is not a frame of the protocol. */
    public static final String INVALID_MESSAGE = "InvalidMessageError";
    /** An attempt to connect failed (the WebSocket did not open, or the handshake was refused). */
    public static final String CONNECT_ABORT = "ConnectAbortError";

    private ErrorNames() {
    }
}

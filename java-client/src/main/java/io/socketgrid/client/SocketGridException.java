package io.socketgrid.client;

/**
 * A failure with a protocol error name: the server's ({@code NoProcedureError}, {@code BrokerError}, a
 * procedure's own name, …; see docs/PROTOCOL.md "Error names") or the client's own
 * ({@link io.socketgrid.client.protocol.ErrorNames}: {@code TimeoutError}, {@code BadConnectionError}, …).
 * Futures of the client fail with this exception (wrapped in a {@code CompletionException} where the
 * future API does so).
 */
public class SocketGridException extends RuntimeException {

    private final String name;

    public SocketGridException(String name, String message) {
        super(name + ": " + message, null, false, false); // no stack trace: these are outcomes, not bugs
        this.name = name;
    }

    /** The error's name, as on the wire. */
    public String name() {
        return name;
    }
}

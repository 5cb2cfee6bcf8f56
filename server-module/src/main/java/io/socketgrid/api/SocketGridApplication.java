package io.socketgrid.api;

/**
 * Implemented by application beans (CDI, any scope) that handle client events. SocketGrid calls
 * {@link #configure} once for each such bean when the application starts, before the first socket connects.
 * SocketGrid itself is still starting then: an injected {@link SocketGridServer} or {@link FileTransfers}
 * may be called from handlers and gauges, not from {@code configure}.
 */
public interface SocketGridApplication {
    void configure(Handlers handlers);
}

package io.socketgrid.api;

/**
 * Implemented by application beans (CDI, any scope) that handle client events. SocketGrid calls
 * {@link #configure} once for each such bean when the application starts, before the first socket connects.
 */
public interface SocketGridApplication {
    void configure(Handlers handlers);
}

package io.socketgrid.api;

/** Handles a transmitted event (no answer is expected). Called on the socket's inbound thread: must not block. */
@FunctionalInterface
public interface TransmitHandler<T> {
    void onTransmit(ClientSocket socket, T data) throws Exception;
}

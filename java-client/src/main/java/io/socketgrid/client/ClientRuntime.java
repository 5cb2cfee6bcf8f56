package io.socketgrid.client;

import io.socketgrid.client.protocol.ClientCodec;
import io.socketgrid.client.transport.Transport;

import java.util.function.DoubleSupplier;

/**
 * What every socket of one {@link SocketGridClient} shares: the transport (and so its selector threads), the
 * timer thread, the codec, and the random source of the reconnect jitter.
 */
record ClientRuntime(Transport transport, Timers timers, ClientCodec codec, DoubleSupplier random) {
}

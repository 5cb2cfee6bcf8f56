package io.socketgrid.client.transport;

import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;

/**
 * Opens WebSocket connections for client sockets: the one seam between the protocol engine and a WebSocket
 * implementation (the JDK's by default; a fake one in tests).
 *
 * <p>Contract of {@link #open}: returns at once; later, on any thread, {@code listener} gets either
 * {@link WireListener#opened} followed by messages and exactly one {@link WireListener#closed}, or only
 * {@link WireListener#closed} (the connection could not be opened). The callbacks for one connection are
 * never called in parallel and always in that order.
 */
public interface Transport extends AutoCloseable {

    /**
     * Opens a WebSocket to {@code uri}.
     *
     * @param localAddress the source address to bind, or null for the system's choice
     * @param connectTimeout how long the opening handshake may take
     * @throws UnsupportedOperationException when this transport cannot bind {@code localAddress}
     */
    void open(URI uri, InetAddress localAddress, Duration connectTimeout, WireListener listener);

    /** Releases what the transport holds (selector threads, pools); open connections are aborted. */
    @Override
    void close();
}

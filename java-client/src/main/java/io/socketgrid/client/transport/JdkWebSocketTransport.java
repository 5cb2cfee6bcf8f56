package io.socketgrid.client.transport;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/**
 * The JDK's {@code java.net.http.WebSocket} as a {@link Transport}: no dependency, non-blocking I/O, and no
 * thread per connection — every connection opened through one {@link HttpClient} shares its selector thread
 * and its executor. One {@code HttpClient} is made per local source address (and one for "any"), so a load
 * generator spreading its sockets over 127.0.0.2, 127.0.0.3, … has one selector thread per address.
 *
 * <p>Binding a source address needs {@code HttpClient.Builder.localAddress}, which exists from Java 19 on:
 * this class compiles for 17 and calls it reflectively, so on 17 a local address is refused with an
 * {@link UnsupportedOperationException} (spread connections over several server addresses instead: the
 * ephemeral-port limit is per source/destination pair).
 */
public final class JdkWebSocketTransport implements Transport {

    private static final Method LOCAL_ADDRESS = localAddressMethod();
    private static final Object ANY = new Object(); // the key of the client that binds no address

    private final Executor executor;
    private final int maxOutboundChars;
    private final int maxInboundChars;
    private final Map<Object, HttpClient> clients = new ConcurrentHashMap<>();

    /**
     * @param executor runs the JDK client's callbacks (and so the client sockets' handlers); null for the
     *                 JDK's default (a cached pool)
     * @param maxOutboundChars characters that may wait to be sent on one connection before it is aborted
     * @param maxInboundChars the longest text message accepted; a longer one aborts the connection
     */
    public JdkWebSocketTransport(Executor executor, int maxOutboundChars, int maxInboundChars) {
        this.executor = executor;
        this.maxOutboundChars = maxOutboundChars;
        this.maxInboundChars = maxInboundChars;
    }

    /** True when this JVM can bind a source address (Java 19 or later). */
    public static boolean canBindLocalAddress() {
        return LOCAL_ADDRESS != null;
    }

    @Override
    public void open(URI uri, InetAddress localAddress, Duration connectTimeout, WireListener listener) {
        HttpClient http = client(localAddress);
        JdkWire wire = new JdkWire(listener, maxOutboundChars, maxInboundChars);
        http.newWebSocketBuilder()
                .connectTimeout(connectTimeout)
                .buildAsync(uri, wire)
                .whenComplete((socket, failure) -> {
                    if (failure != null) {
                        wire.failedToOpen(failure);
                    }
                });
    }

    private HttpClient client(InetAddress localAddress) {
        if (localAddress != null && LOCAL_ADDRESS == null) {
            throw new UnsupportedOperationException("binding the local address " + localAddress
                    + " needs Java 19 or later (HttpClient.Builder.localAddress); this is Java "
                    + Runtime.version().feature());
        }
        return clients.computeIfAbsent(localAddress == null ? ANY : localAddress, key -> build(localAddress));
    }

    private HttpClient build(InetAddress localAddress) {
        HttpClient.Builder builder = HttpClient.newBuilder();
        if (executor != null) {
            builder.executor(executor);
        }
        if (localAddress != null) {
            try {
                LOCAL_ADDRESS.invoke(builder, localAddress);
            } catch (IllegalAccessException | InvocationTargetException e) {
                throw new IllegalStateException("cannot bind " + localAddress, e);
            }
        }
        return builder.build();
    }

    private static Method localAddressMethod() {
        try {
            return HttpClient.Builder.class.getMethod("localAddress", InetAddress.class);
        } catch (NoSuchMethodException beforeJava19) {
            return null;
        }
    }

    /**
     * Drops the clients. On Java 21+ each {@code HttpClient} is shut down at once ({@code shutdownNow}, called
     * reflectively as this compiles for 17), which aborts its open WebSockets; {@code close()} would instead wait
     * for them to end and hang while any socket is still open. Before 21 a client's selector thread ends once the
     * client is unreachable and idle.
     */
    @Override
    public void close() {
        for (HttpClient http : clients.values()) {
            try {
                HttpClient.class.getMethod("shutdownNow").invoke(http);
            } catch (NoSuchMethodException beforeJava21) {
                // nothing to release explicitly
            } catch (ReflectiveOperationException | RuntimeException e) {
                // releasing threads only; nothing the caller could act on
            }
        }
        clients.clear();
    }
}

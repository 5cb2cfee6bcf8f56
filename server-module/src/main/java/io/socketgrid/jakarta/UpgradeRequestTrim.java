package io.socketgrid.jakarta;

import java.lang.reflect.Array;
import java.lang.reflect.Method;
import java.util.EnumSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Releases what a WebSocket's HTTP upgrade leaves reachable for the life of the socket in Payara (Tyrus's
 * servlet container over Grizzly). The container keeps the upgrade's request and its 101 response as long as
 * the socket is open, since the socket's reads go through the request's input buffer: ≈ 35 KB per idle socket
 * (docs/PERFORMANCE.md, "Memory per idle connection"). Some of it is never read again once the 101 is out:
 * <ul>
 *   <li>{@link Part#TYRUS_HANDSHAKE}: Tyrus's record of the handshake ({@code TyrusHttpUpgradeHandler.upgradeInfo}:
 *       a copy of the request's headers, URI and parameters and of the 101), read only when the handler starts;</li>
 *   <li>{@link Part#REQUEST_HEADERS} and {@link Part#RESPONSE_HEADERS}: Grizzly's parsed header fields of the
 *       upgrade request and of the 101 response ({@code MimeHeaders}), emptied as the container's own
 *       {@code recycle()} does and given a fresh small array, so the field objects go;</li>
 *   <li>{@link Part#PARAMETER_BUFFERS}: the two 1,024-char scratch buffers of the request's {@code Parameters},
 *       used only while a query string or form is parsed, and re-created by Grizzly when it needs them again.</li>
 * </ul>
 * Everything is reached by field name from the Tyrus session; a part whose fields are missing (another server,
 * another version) is skipped and the rest still applies, so elsewhere it changes nothing. It must run after
 * the 101 has been written, which the socket's first message proves: {@link #release} is called then, once
 * per socket, from the thread that delivers that message. Request objects that Grizzly recycles for a later
 * request after the socket closes work as before: every state left behind is one the container creates itself.
 */
public final class UpgradeRequestTrim {

    /** What can be released. */
    public enum Part {
        TYRUS_HANDSHAKE, REQUEST_HEADERS, RESPONSE_HEADERS, PARAMETER_BUFFERS
    }

    /** Slots of the array that replaces a header list's: any length ≥ 1 is valid, MimeHeaders doubles it as it fills. */
    static final int HEADER_SLOTS = 4;

    private final LongAdder sockets = new LongAdder();
    private final Set<Part> released = ConcurrentHashMap.newKeySet();
    private volatile String problem = "";

    /** What this node's trim has done so far, for {@code /socketgrid/stats}. */
    public record Report(long sockets, Set<String> released, String problem) {
    }

    /** Releases what it can of {@code session}'s upgrade. Never throws. */
    public Set<Part> release(Object session) {
        Set<Part> parts = EnumSet.noneOf(Part.class);
        try {
            Object handler = ContainerFields.path(session, "basicRemote", "webSocket", "protocolHandler", "writer", "tyrusHttpUpgradeHandler");
            // Tyrus may hand the writer a proxy that delegates to the handler the container initialised
            Object delegate = ContainerFields.path(handler, "handler");
            if (delegate != null) {
                handler = delegate;
            }
            if (handler == null) {
                return parts;
            }
            if (ContainerFields.path(handler, "upgradeInfo") != null) {
                ContainerFields.set(handler, "upgradeInfo", null);
                parts.add(Part.TYRUS_HANDSHAKE);
            }
            Object grizzlyRequest = ContainerFields.path(handler, "wc", "request", "coyoteRequest");
            Object packet = ContainerFields.path(grizzlyRequest, "request");
            if (emptyHeaders(ContainerFields.path(packet, "headers"))) {
                parts.add(Part.REQUEST_HEADERS);
            }
            if (emptyHeaders(ContainerFields.path(packet, "response", "headers"))) {
                parts.add(Part.RESPONSE_HEADERS);
            }
            boolean names = dropBuffer(ContainerFields.path(grizzlyRequest, "parameters", "tmpNameC"));
            boolean values = dropBuffer(ContainerFields.path(grizzlyRequest, "parameters", "tmpValueC"));
            if (names && values) {
                parts.add(Part.PARAMETER_BUFFERS);
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            problem = e.toString();
        }
        if (!parts.isEmpty()) {
            sockets.increment();
            released.addAll(parts);
        }
        return parts;
    }

    public Report report() {
        Set<String> names = new TreeSet<>();
        released.forEach(p -> names.add(p.name()));
        return new Report(sockets.sum(), names, problem);
    }

    /** Empties a Grizzly {@code MimeHeaders} the way its {@code recycle()} does, then lets its field objects go. */
    private static boolean emptyHeaders(Object headers) throws ReflectiveOperationException {
        if (headers == null || !ContainerFields.has(headers, "headers") || !ContainerFields.has(headers, "count")) {
            return false;
        }
        Method recycle = headers.getClass().getMethod("recycle");
        recycle.invoke(headers);
        Object fields = ContainerFields.get(headers, "headers");
        if (fields == null || !fields.getClass().isArray() || ((Number) ContainerFields.get(headers, "count")).intValue() != 0) {
            return false;
        }
        ContainerFields.set(headers, "headers", Array.newInstance(fields.getClass().getComponentType(), HEADER_SLOTS));
        return true;
    }

    /** Drops a Grizzly {@code CharChunk}'s buffer: a chunk without one allocates it when next written. */
    private static boolean dropBuffer(Object charChunk) throws ReflectiveOperationException {
        if (charChunk == null || !ContainerFields.has(charChunk, "buff")) {
            return false;
        }
        ContainerFields.set(charChunk, "buff", null);
        return true;
    }
}

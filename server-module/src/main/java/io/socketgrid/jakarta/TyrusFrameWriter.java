package io.socketgrid.jakarta;

import jakarta.websocket.SendHandler;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.Lock;

/**
 * Writes prepared text frames ({@link io.socketgrid.protocol.ServerTextFrame}) to a Tyrus WebSocket inside
 * Payara, the way Tyrus writes the raw frames of its own broadcast: under the socket's send lock, through its
 * protocol handler's writer, with a completion that reports to a {@link SendHandler}. Tyrus's own
 * {@code sendText} makes a {@code TextFrame} per send, and each one constructs a new UTF-8 {@code Charset} (its
 * name checks were 11 % of the CPU samples of a fan-out to 5,000 sockets) and encodes the text again for every
 * socket (docs/PERFORMANCE.md, "Sends: a text frame encoded once").
 *
 * <p>Everything is reached by name from the session's class loader at the first socket; when a part is missing
 * (another server, another Tyrus) {@link #bind} answers null and sockets send as before. Tyrus 2.1.5.payara-p2:
 * {@code TyrusSession.basicRemote.webSocket} ({@code TyrusWebSocket.isConnected()}), its {@code protocolHandler}
 * with the {@code lock} field, {@code checkSendingFragment()}, {@code send(ByteBuffer, CompletionHandler,
 * WriterInfo, Boolean)} and the inner {@code CompletionHandler} class that wraps a {@code SendHandler}.
 */
public final class TyrusFrameWriter {

    private static final System.Logger LOG = System.getLogger(TyrusFrameWriter.class.getName());

    private final LongAdder written = new LongAdder();
    private volatile Optional<Handles> handles; // null until the first Tyrus socket; empty when this Tyrus lacks a part
    private volatile String problem = "";

    /** What this node's writer has done, for {@code /socketgrid/stats}. */
    public record Report(boolean active, long framesWritten, String problem) {
    }

    /** The reflective handles into one Tyrus version, shared by all its sockets. */
    private record Handles(Method isConnected, Method checkSendingFragment, Method send,
                           Constructor<?> completion, Object writerInfo) {
    }

    /** One socket's way in; writes are serialised by the socket's own send lock. */
    final class Bound {
        private final Object webSocket;
        private final Object protocolHandler;
        private final Lock lock;
        private final Handles h;

        private Bound(Object webSocket, Object protocolHandler, Lock lock, Handles h) {
            this.webSocket = webSocket;
            this.protocolHandler = protocolHandler;
            this.lock = lock;
            this.h = h;
        }

        /**
         * Starts writing {@code frame} (a complete text frame, not changed by this); {@code handler} hears the
         * outcome. Throws, as Tyrus's own send does, when the socket is no longer connected, and when Tyrus
         * refuses the write (its exception, or wrapped in an {@link IllegalStateException} when checked).
         *
         * @return false, having written nothing and called nobody, when this node's writer no longer works: a
         *         reflective call failed as a call (not inside Tyrus), e.g. a socket of another Tyrus than the one
         *         the handles were found in. The writer then stays off for every socket of the node, and the
         *         caller sends the text through the standard API.
         */
        boolean write(byte[] frame, SendHandler handler) {
            if (handles.isEmpty()) {
                return false;
            }
            try {
                if (!(Boolean) h.isConnected().invoke(webSocket)) {
                    throw new IllegalStateException("the socket is not connected");
                }
                Object completion = h.completion().newInstance(protocolHandler, handler);
                lock.lock();
                try {
                    h.checkSendingFragment().invoke(protocolHandler);
                    h.send().invoke(protocolHandler, ByteBuffer.wrap(frame), completion, h.writerInfo(), Boolean.TRUE);
                } finally {
                    lock.unlock();
                }
            } catch (InvocationTargetException e) {
                throw e.getCause() instanceof RuntimeException cause ? cause : new IllegalStateException(e.getCause());
            } catch (ReflectiveOperationException | IllegalArgumentException | ClassCastException e) {
                switchOff(e);
                return false;
            }
            written.increment();
            return true;
        }
    }

    /** {@code session}'s way in, or null when its container is not the Tyrus this knows. Never throws. */
    Bound bind(Object session) {
        try {
            Object webSocket = ContainerFields.path(session, "basicRemote", "webSocket");
            Object protocolHandler = ContainerFields.path(webSocket, "protocolHandler");
            Object lock = ContainerFields.path(protocolHandler, "lock");
            if (!(lock instanceof Lock sendLock)) {
                return null;
            }
            Optional<Handles> h = handles;
            if (h == null) { // once per node: a Tyrus that lacks a part is not searched again at every socket
                h = resolveOrNote(webSocket.getClass(), protocolHandler.getClass());
                handles = h;
            }
            return h.map(found -> new Bound(webSocket, protocolHandler, sendLock, found)).orElse(null);
        } catch (ReflectiveOperationException | RuntimeException e) {
            note(e);
            return null;
        }
    }

    private Optional<Handles> resolveOrNote(Class<?> webSocket, Class<?> protocolHandler) {
        try {
            return Optional.of(resolve(webSocket, protocolHandler));
        } catch (ReflectiveOperationException | RuntimeException e) {
            note(e);
            return Optional.empty();
        }
    }

    /** Keeps the first reason why sockets send through the container's own encoding, and logs it once. */
    private void note(Exception e) {
        if (problem.isEmpty()) {
            problem = e.toString();
            LOG.log(System.Logger.Level.INFO, "text frames go through the container's own encoding: " + e);
        }
    }

    /** After a send found the handles unusable: every socket of this node sends through the standard API from now on. */
    private void switchOff(Exception e) {
        handles = Optional.empty();
        note(e);
    }

    private static Handles resolve(Class<?> webSocket, Class<?> protocolHandler) throws ReflectiveOperationException {
        Method isConnected = webSocket.getMethod("isConnected");
        Method check = protocolHandler.getDeclaredMethod("checkSendingFragment");
        Method send = null;
        for (Method m : protocolHandler.getDeclaredMethods()) {
            Class<?>[] p = m.getParameterTypes();
            if (m.getName().equals("send") && p.length == 4 && p[0] == ByteBuffer.class && p[3] == Boolean.class) {
                send = m;
            }
        }
        if (send == null) {
            throw new NoSuchMethodException(protocolHandler.getName() + ".send(ByteBuffer, CompletionHandler, WriterInfo, Boolean)");
        }
        Class<?> completionType = send.getParameterTypes()[1];
        Class<?> writerInfoType = send.getParameterTypes()[2];
        Object writerInfo = writerInfo(writerInfoType);
        Constructor<?> completion = sendHandlerCompletion(protocolHandler, completionType);
        isConnected.setAccessible(true);
        check.setAccessible(true);
        send.setAccessible(true);
        completion.setAccessible(true);
        return new Handles(isConnected, check, send, completion, writerInfo);
    }

    /** {@code new WriterInfo(MessageType.TEXT, RemoteEndpointType.ASYNC)}, as Tyrus's asynchronous sendText passes. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object writerInfo(Class<?> type) throws ReflectiveOperationException {
        for (Constructor<?> c : type.getConstructors()) {
            Class<?>[] p = c.getParameterTypes();
            if (p.length == 2 && p[0].isEnum() && p[1].isEnum()) {
                return c.newInstance(Enum.valueOf((Class) p[0], "TEXT"), Enum.valueOf((Class) p[1], "ASYNC"));
            }
        }
        throw new NoSuchMethodException(type.getName() + "(MessageType, RemoteEndpointType)");
    }

    /** The protocol handler's inner completion that reports to a SendHandler (an anonymous class: found by shape). */
    private static Constructor<?> sendHandlerCompletion(Class<?> protocolHandler, Class<?> completionType)
            throws NoSuchMethodException {
        for (int i = 1; i <= 16; i++) {
            try {
                Class<?> inner = Class.forName(protocolHandler.getName() + "$" + i, false, protocolHandler.getClassLoader());
                if (completionType.isAssignableFrom(inner)) {
                    return inner.getDeclaredConstructor(protocolHandler, SendHandler.class);
                }
            } catch (ClassNotFoundException | NoSuchMethodException notThisOne) {
                // the next inner class
            }
        }
        throw new NoSuchMethodException(protocolHandler.getName() + "$n(" + protocolHandler.getSimpleName() + ", SendHandler)");
    }

    public Report report() {
        Optional<Handles> h = handles;
        return new Report(h != null && h.isPresent(), written.sum(), problem);
    }
}

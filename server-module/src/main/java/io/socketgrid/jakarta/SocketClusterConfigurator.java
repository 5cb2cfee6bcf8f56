package io.socketgrid.jakarta;

import io.socketgrid.engine.UpgradeRequest;
import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.Session;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerEndpointConfig;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.security.Principal;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The HTTP side of the protocol endpoint's handshake: keeps what the engine needs of the upgrade request (the
 * container principal) in the connection's user properties, which Jakarta WebSocket 2.1
 * copies per connection from {@code modifyHandshake} to the session. The Origin policy itself is applied
 * before the upgrade by {@link UpgradeFilter}, which can answer 403 with the Host header in hand.
 */
public class SocketClusterConfigurator extends ServerEndpointConfig.Configurator {

    private static final String PRINCIPAL = "socketgrid.principal";
    /** Tomcat-style user property holding the peer's InetSocketAddress. */
    private static final String REMOTE_ADDRESS_PROPERTY = "jakarta.websocket.endpoint.remoteAddress";
    private static final Map<Class<?>, MethodHandle> REMOTE_ADDR = new ConcurrentHashMap<>();
    private static final MethodHandle NONE = MethodHandles.constant(String.class, "");

    @Override
    public void modifyHandshake(ServerEndpointConfig config, HandshakeRequest request, HandshakeResponse response) {
        Principal principal = request.getUserPrincipal();
        if (principal != null) {
            config.getUserProperties().put(PRINCIPAL, principal);
        }
    }

    /** What the engine keeps of {@code session}'s upgrade request. */
    static UpgradeRequest upgradeOf(Session session) {
        return new UpgradeRequest(remoteAddress(session), (Principal) session.getUserProperties().get(PRINCIPAL));
    }

    /**
     * The peer's address: the Tomcat-style user property when the container sets it, else Tyrus's
     * {@code getRemoteAddr()} on the session when present (looked up once per session class), else "".
     */
    private static String remoteAddress(Session session) {
        Object property = session.getUserProperties().get(REMOTE_ADDRESS_PROPERTY);
        if (property instanceof java.net.InetSocketAddress address && address.getAddress() != null) {
            return address.getAddress().getHostAddress();
        }
        MethodHandle getter = REMOTE_ADDR.computeIfAbsent(session.getClass(), type -> {
            try {
                return MethodHandles.publicLookup().findVirtual(type, "getRemoteAddr", MethodType.methodType(String.class));
            } catch (ReflectiveOperationException | SecurityException e) {
                return MethodHandles.dropArguments(NONE, 0, Object.class);
            }
        });
        try {
            Object address = getter.invoke(session);
            return address == null ? "" : (String) address;
        } catch (Throwable e) {
            return "";
        }
    }
}

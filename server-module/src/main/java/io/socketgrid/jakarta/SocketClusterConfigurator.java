package io.socketgrid.jakarta;

import io.socketgrid.engine.UpgradeRequest;
import io.socketgrid.security.LocalRequests;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.Session;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerEndpointConfig;

import java.lang.reflect.Method;
import java.net.InetSocketAddress;
import java.security.Principal;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The HTTP side of the protocol endpoint's handshake: keeps what the engine needs of the upgrade request (the
 * container principal, whether it is in {@code opsRole}, the forwarding headers) in the connection's user
 * properties, which Jakarta WebSocket 2.1
 * copies per connection from {@code modifyHandshake} to the session. The Origin policy itself is applied
 * before the upgrade by {@link UpgradeFilter}, which can answer 403 with the Host header in hand.
 */
public class SocketClusterConfigurator extends ServerEndpointConfig.Configurator {

    private static final String PRINCIPAL = "socketgrid.principal";
    private static final String IN_OPS_ROLE = "socketgrid.inOpsRole";
    private static final String FORWARDED_FOR = "socketgrid.xForwardedFor";
    private static final String FORWARDED = "socketgrid.forwarded";
    /** Tomcat-style user property holding the peer's InetSocketAddress. */
    private static final String REMOTE_ADDRESS_PROPERTY = "jakarta.websocket.endpoint.remoteAddress";
    /** How the peer's address is read from a session, by the container's session class. */
    private static final Map<Class<?>, Function<Session, String>> PEER_ADDRESS = new ConcurrentHashMap<>();

    private volatile String opsRole;
    private volatile SocketGridRuntime runtime;

    /**
     * Creates the endpoint of every new socket itself, with the application's runtime. Left to the container,
     * Tyrus's CDI component provider builds a CDI injection target for each socket under a lock of the bean
     * manager: connection set-up then queues behind that lock (30 workers were seen waiting on it while 6
     * instances opened connections, docs/BENCHMARKS.md "Connections") and every socket keeps a creational context.
     */
    @Override
    public <T> T getEndpointInstance(Class<T> endpointClass) throws InstantiationException {
        if (endpointClass != SocketClusterEndpoint.class) {
            return super.getEndpointInstance(endpointClass);
        }
        return endpointClass.cast(new SocketClusterEndpoint(runtime()));
    }

    /** The application's runtime (a CDI client proxy), looked up once. */
    private SocketGridRuntime runtime() {
        SocketGridRuntime found = runtime;
        if (found == null) {
            found = lookUpRuntime();
            runtime = found;
        }
        return found;
    }

    /** The application's runtime, from CDI (a client proxy); for whoever cannot be handed it. */
    static SocketGridRuntime lookUpRuntime() {
        return CDI.current().select(SocketGridRuntime.class).get();
    }

    /**
     * Every property is written on every handshake (or removed), so nothing of one connection can reach another
     * even on a container that shares the map between handshakes.
     */
    @Override
    public void modifyHandshake(ServerEndpointConfig config, HandshakeRequest request, HandshakeResponse response) {
        Map<String, Object> properties = config.getUserProperties();
        Principal principal = request.getUserPrincipal();
        if (principal != null) {
            properties.put(PRINCIPAL, principal);
        } else {
            properties.remove(PRINCIPAL);
        }
        String role = opsRole();
        properties.put(IN_OPS_ROLE, principal != null && !role.isEmpty() && request.isUserInRole(role));
        properties.put(FORWARDED_FOR, header(request, "X-Forwarded-For"));
        properties.put(FORWARDED, header(request, "Forwarded"));
    }

    /** What the engine keeps of {@code session}'s upgrade request; drops the forwarding headers kept till now. */
    static UpgradeRequest upgradeOf(Session session) {
        Map<String, Object> properties = session.getUserProperties();
        String remoteAddress = remoteAddress(session);
        Object forwardedFor = properties.remove(FORWARDED_FOR);
        Object forwarded = properties.remove(FORWARDED);
        boolean operator = Boolean.TRUE.equals(properties.remove(IN_OPS_ROLE))
                || LocalRequests.isLocal(remoteAddress, presentOrNull(forwardedFor), presentOrNull(forwarded));
        return new UpgradeRequest(remoteAddress, (Principal) properties.get(PRINCIPAL), operator);
    }

    /** {@code socketgrid.opsRole}, read once from the application's runtime. */
    private String opsRole() {
        String role = opsRole;
        if (role == null) {
            role = runtime().config().security().opsRole();
            opsRole = role;
        }
        return role;
    }

    private static String presentOrNull(Object header) {
        return header instanceof String value && !value.isEmpty() ? value : null;
    }

    /** The values of header {@code name} (any case) joined by commas, or "" when absent (maps may refuse null). */
    private static String header(HandshakeRequest request, String name) {
        for (Map.Entry<String, List<String>> header : request.getHeaders().entrySet()) {
            if (header.getKey().equalsIgnoreCase(name) && !header.getValue().isEmpty()) {
                return String.join(",", header.getValue());
            }
        }
        return "";
    }

    /**
     * The peer's address: the Tomcat-style user property when the container sets it, else what the container's
     * session class tells ({@link #peerAddressReader}), else "".
     */
    private static String remoteAddress(Session session) {
        Object property = session.getUserProperties().get(REMOTE_ADDRESS_PROPERTY);
        if (property instanceof InetSocketAddress address && address.getAddress() != null) {
            return address.getAddress().getHostAddress();
        }
        return PEER_ADDRESS.computeIfAbsent(session.getClass(), SocketClusterConfigurator::peerAddressReader)
                .apply(session);
    }

    /**
     * Reads the peer of a session of class {@code type}, found once per class: Tyrus (Payara) has
     * {@code getRemoteAddr()}; Undertow (WildFly) has {@code getWebSocketChannel().getPeerAddress()}; any other
     * container's sessions read as "" (then no socket counts as local, and per-address limits see one address).
     */
    private static Function<Session, String> peerAddressReader(Class<?> type) {
        Method tyrus = publicGetter(type, "getRemoteAddr");
        if (tyrus != null) {
            return session -> addressText(call(tyrus, session));
        }
        Method channel = publicGetter(type, "getWebSocketChannel");
        Method peer = channel == null ? null : publicGetter(channel.getReturnType(), "getPeerAddress");
        if (peer != null) {
            return session -> addressText(call(peer, call(channel, session)));
        }
        return session -> "";
    }

    private static Method publicGetter(Class<?> type, String name) {
        try {
            return type.getMethod(name);
        } catch (NoSuchMethodException | SecurityException absent) {
            return null;
        }
    }

    private static Object call(Method getter, Object target) {
        try {
            return target == null ? null : getter.invoke(target);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    private static String addressText(Object address) {
        if (address instanceof InetSocketAddress socket && socket.getAddress() != null) {
            return socket.getAddress().getHostAddress();
        }
        return address instanceof String text ? text : "";
    }
}

package io.socketgrid.jakarta;

import io.socketgrid.engine.Connection;
import io.socketgrid.engine.SocketGridEngine;
import jakarta.websocket.CloseReason;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;

import java.nio.ByteBuffer;

/**
 * The SocketCluster protocol v2 endpoint, where the official client connects by default. A thin adapter:
 * one instance per WebSocket, handing every event to the engine. {@link SocketClusterConfigurator} creates the
 * instances with the runtime; one created by a container that ignores the configurator looks the runtime up
 * through CDI when its socket opens.
 */
@ServerEndpoint(value = "/socketcluster/", configurator = SocketClusterConfigurator.class)
public class SocketClusterEndpoint {

    private static final System.Logger LOG = System.getLogger(SocketClusterEndpoint.class.getName());

    private SocketGridRuntime runtime;

    // taken once per socket: the hot path then skips the CDI proxy of the runtime
    private SocketGridEngine engine;
    private Connection connection;
    private BinaryMessageJoiner binary;
    // set while the upgrade's leftovers wait to be released at the first message (UpgradeRequestTrim)
    private Session untrimmed;

    /** For containers that create endpoints without the configurator. */
    public SocketClusterEndpoint() {
        this(null);
    }

    SocketClusterEndpoint(SocketGridRuntime runtime) {
        this.runtime = runtime;
    }

    @OnOpen
    public void onOpen(Session session, EndpointConfig config) {
        if (runtime == null) {
            runtime = SocketClusterConfigurator.lookUpRuntime();
        }
        session.setMaxTextMessageBufferSize(runtime.config().maxMessageBytes());
        // binary messages arrive in parts and are joined (and limited) by BinaryMessageJoiner
        binary = new BinaryMessageJoiner(runtime.config().maxBinaryMessageBytes());
        // heartbeats (pingTimeout) decide liveness; the container's idle timeout must not interfere
        session.setMaxIdleTimeout(0);
        engine = runtime.engine();
        untrimmed = runtime.upgradeTrim().isPresent() ? session : null;
        connection = engine.open(new SessionTransport(session, runtime.frameWriter().orElse(null)), SocketClusterConfigurator.upgradeOf(session));
    }

    @OnMessage
    public void onMessage(String text) {
        releaseUpgradeOnce();
        engine.onMessage(connection, text);
    }

    @OnMessage
    public void onBinary(ByteBuffer part, boolean last) {
        releaseUpgradeOnce();
        ByteBuffer message = binary.add(part, last);
        if (message == BinaryMessageJoiner.TOO_BIG) {
            engine.onOversized(connection, "a binary message over " + runtime.config().maxBinaryMessageBytes() + " bytes");
        } else if (message != null) {
            engine.onBinary(connection, message);
        }
    }

    /** The first message proves the 101 reached the client: what only the handshake needed can go. */
    private void releaseUpgradeOnce() {
        if (untrimmed != null) {
            runtime.upgradeTrim().ifPresent(trim -> trim.release(untrimmed));
            untrimmed = null;
        }
    }

    @OnClose
    public void onClose(CloseReason reason) {
        if (connection != null) {
            engine.onTransportClosed(connection, reason.getCloseCode().getCode());
        }
    }

    @OnError
    public void onError(Throwable failure) {
        // I/O failures of one socket are routine (the peer vanished); the close that follows releases it
        LOG.log(System.Logger.Level.DEBUG, () -> "WebSocket error on " + connection + ": " + failure);
    }
}

package io.socketgrid.files;

import io.socketgrid.broker.NodeRoute;
import io.socketgrid.engine.Connection;
import io.socketgrid.engine.ProblemLog;
import io.socketgrid.engine.SocketGridEngine;
import io.socketgrid.protocol.files.RouteMessage;

import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * This node's side of the node route for file transfers. It forwards what a local socket sends about a
 * transfer another node owns to that owner, passes what owners send to local sockets, and tells each owner
 * it relayed for when the socket leaves (or was not there), so the owner's transfer learns of it. Messages
 * for transfers this node owns go to {@code owner}. Holds nothing but the owners each local socket talks to.
 */
final class TransferRelay {

    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

    private final NodeRoute route;
    private final SocketGridEngine engine;
    private final Consumer<RouteMessage> owner;
    private final FileCounters counters;
    private final ProblemLog problems;
    private final Map<String, Set<String>> ownersBySocket = new ConcurrentHashMap<>();

    TransferRelay(NodeRoute route, SocketGridEngine engine, Consumer<RouteMessage> owner, FileCounters counters,
                  ProblemLog problems) {
        this.route = route;
        this.engine = engine;
        this.owner = owner;
        this.counters = counters;
        this.problems = problems;
        route.receive(this::receive);
    }

    String localNode() {
        return route.localNode();
    }

    void send(String node, RouteMessage message) {
        route.send(node, message.encode()).whenComplete((sent, failure) -> {
            if (failure != null) {
                problems.report("file-route-failed", "a file transfer message to node " + node + " could not be sent", failure);
            }
        });
    }

    /** A local socket sent {@code frame} (an event, encoded) about a transfer node {@code ownerNode} owns. */
    void forwardEvent(String ownerNode, Connection from, String frame) {
        remember(from.id(), ownerNode);
        send(ownerNode, RouteMessage.text(RouteMessage.Kind.CLIENT_EVENT, localNode(), from.id(), frame));
    }

    /** A local socket sent a chunk message for a transfer node {@code ownerNode} owns. */
    void forwardChunk(String ownerNode, Connection from, ByteBuffer message) {
        remember(from.id(), ownerNode);
        send(ownerNode, new RouteMessage(RouteMessage.Kind.CLIENT_CHUNK, localNode(), from.id(), message));
    }

    /**
     * Bytes that socket {@code socketId} (of any node) sent another way (an HTTP request this node served) for a
     * transfer node {@code ownerNode} owns. The owner answers through the socket's own node.
     */
    void forwardChunkFor(String ownerNode, String socketId, String socketNode, ByteBuffer message) {
        send(ownerNode, new RouteMessage(RouteMessage.Kind.CLIENT_CHUNK, socketNode, socketId, message));
    }

    /** A local socket left: every owner it talked to through this node hears of it. */
    void released(String socketId) {
        Set<String> owners = ownersBySocket.remove(socketId);
        if (owners != null) {
            owners.forEach(node -> gone(node, socketId));
        }
    }

    private void receive(byte[] bytes) {
        RouteMessage message;
        try {
            message = RouteMessage.decode(bytes);
        } catch (RuntimeException e) {
            problems.report("file-route-malformed", "a malformed file transfer message arrived from another node", e);
            return;
        }
        counters.relayed();
        switch (message.kind()) {
            case CLIENT_EVENT, CLIENT_CHUNK, CLIENT_GONE -> owner.accept(message);
            case TO_CLIENT_TEXT, TO_CLIENT_CHUNK -> deliver(message);
        }
    }

    private void deliver(RouteMessage message) {
        Connection connection = engine.connection(message.socket());
        if (connection == null) {
            gone(message.node(), message.socket());
            return;
        }
        remember(message.socket(), message.node());
        if (message.kind() == RouteMessage.Kind.TO_CLIENT_TEXT) {
            engine.writer().send(connection, message.text());
        } else {
            engine.writer().sendFlowControlled(connection, message.payload());
        }
    }

    private void remember(String socketId, String ownerNode) {
        ownersBySocket.computeIfAbsent(socketId, id -> ConcurrentHashMap.newKeySet()).add(ownerNode);
        if (engine.connection(socketId) == null) {
            released(socketId); // it left meanwhile: its release may have run before this entry existed
        }
    }

    private void gone(String ownerNode, String socketId) {
        send(ownerNode, new RouteMessage(RouteMessage.Kind.CLIENT_GONE, localNode(), socketId, EMPTY));
    }
}

package io.socketgrid.broker;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The {@link NodeRoute} contract; each implementation runs it with nodes of its own kind (in-memory
 * switchboard, Hazelcast members).
 */
public abstract class NodeRouteContractTest {

    private static final AtomicInteger NODES = new AtomicInteger();
    private final List<NodeRoute> opened = new ArrayList<>();

    /** A route of a new node with id {@code nodeId}; the nodes of one test are reachable from each other. */
    protected abstract NodeRoute node(String nodeId);

    private Node start() {
        NodeRoute route = node("n" + NODES.incrementAndGet() + "x" + System.nanoTime() % 100_000);
        opened.add(route);
        BlockingQueue<byte[]> received = new LinkedBlockingQueue<>();
        route.receive(received::add);
        return new Node(route, received);
    }

    private record Node(NodeRoute route, BlockingQueue<byte[]> received) {
        String id() {
            return route.localNode();
        }

        byte[] next() throws InterruptedException {
            byte[] message = received.poll(10, TimeUnit.SECONDS);
            assertNotNull(message, "no message arrived at " + id() + " within 10 s");
            return message;
        }
    }

    @AfterEach
    void closeRoutes() {
        opened.forEach(NodeRoute::close);
    }

    @Test
    void aMessageReachesOnlyTheNamedNodeIntact() throws Exception {
        Node a = start();
        Node b = start();
        Node c = start();
        byte[] chunk = new byte[256 * 1024 + 17];
        for (int i = 0; i < chunk.length; i++) {
            chunk[i] = (byte) (i * 31);
        }
        a.route().send(b.id(), chunk.clone()).toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertArrayEquals(chunk, b.next());
        a.route().send(c.id(), new byte[]{42}).toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertArrayEquals(new byte[]{42}, c.next());
        assertNull(b.received().poll(200, TimeUnit.MILLISECONDS), "b got c's message");
        assertTrue(a.received().isEmpty());
    }

    @Test
    void messagesFromOneNodeToAnotherArriveInSendOrder() throws Exception {
        Node a = start();
        Node b = start();
        int count = 2_000;
        List<CompletableFuture<Void>> sent = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            sent.add(a.route().send(b.id(), new byte[]{(byte) (i >> 8), (byte) i}).toCompletableFuture());
        }
        CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).get(20, TimeUnit.SECONDS);
        for (int i = 0; i < count; i++) {
            byte[] message = b.next();
            assertEquals(i, ((message[0] & 0xff) << 8) | (message[1] & 0xff), "message " + i + " out of order");
        }
    }

    @Test
    void aNodeCanSendToItself() throws Exception {
        Node a = start();
        a.route().send(a.id(), new byte[]{7}).toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertArrayEquals(new byte[]{7}, a.next());
    }

    @Test
    void aMessageToAnUnknownNodeIsDroppedWithoutHarm() throws Exception {
        Node a = start();
        Node b = start();
        a.route().send("nosuchnode", new byte[]{1}).toCompletableFuture().get(10, TimeUnit.SECONDS);
        a.route().send(b.id(), new byte[]{2}).toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertArrayEquals(new byte[]{2}, b.next());
    }

    @Test
    void aClosedNodeReceivesNothingAndCannotSend() throws Exception {
        Node a = start();
        Node b = start();
        b.route().close();
        a.route().send(b.id(), new byte[]{1}).toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertNull(b.received().poll(300, TimeUnit.MILLISECONDS), "a closed node still received");
        CompletableFuture<Void> refused = b.route().send(a.id(), new byte[]{1}).toCompletableFuture();
        assertThrows(Exception.class, () -> refused.get(10, TimeUnit.SECONDS));
        assertNull(a.received().poll(100, TimeUnit.MILLISECONDS), "a closed node still sent");
    }
}

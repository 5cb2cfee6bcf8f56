package io.socketgrid.files;

import io.socketgrid.broker.HistoryPolicy;
import io.socketgrid.broker.InMemoryBroker;
import io.socketgrid.broker.LocalNodeRoutes;
import io.socketgrid.config.SocketGridConfig;
import io.socketgrid.engine.EngineCounters;
import io.socketgrid.engine.FakeTransport;
import io.socketgrid.engine.SocketGridEngine;
import jakarta.json.Json;
import jakarta.json.JsonObject;

import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * One SocketGrid node for file transfer tests, without a server: an engine, its file service storing in
 * {@code folder}, on a shared in-memory route switchboard (so several nodes form a cluster), and clients on
 * fake transports.
 */
final class FileTestNode implements AutoCloseable {

    final SocketGridEngine engine;
    final FileTransferService files;
    final EngineCounters counters = new EngineCounters();
    /** What the service told the application was stored. */
    final java.util.concurrent.BlockingQueue<io.socketgrid.api.StoredFile> stored = new java.util.concurrent.LinkedBlockingQueue<>();
    private final InMemoryBroker broker = new InMemoryBroker(new HistoryPolicy(10, Duration.ofMinutes(1)));

    FileTestNode(String nodeId, LocalNodeRoutes switchboard, Path folder, Map<String, String> settings) throws IOException {
        SocketGridConfig config = SocketGridConfig.load(name -> name.equals("fileDirectory") ? folder.toString() : settings.get(name));
        engine = SocketGridEngine.builder(config, broker).observer(counters).nodeId(nodeId).build();
        files = new FileTransferService(engine, config, switchboard.join(nodeId), new FileStore(folder, config.fileDirectWrites()),
                () -> CompletableFuture.completedFuture(Set.of("nodea", "nodeb")), stored::add);
    }

    /** A client that has completed its handshake. */
    Client connect() throws InterruptedException {
        FakeTransport transport = new FakeTransport();
        Client client = new Client(engine.open(transport), transport, engine);
        client.send("{\"event\":\"#handshake\",\"data\":{},\"cid\":1}");
        assertEquals(1, client.nextText().getInt("rid"));
        return client;
    }

    @Override
    public void close() {
        files.close();
        engine.close();
        broker.close();
    }

    record Client(io.socketgrid.engine.Connection connection, FakeTransport transport, SocketGridEngine engine) {

        String id() {
            return connection.id();
        }

        void send(String text) {
            engine.onMessage(connection, text);
        }

        void sendBinary(ByteBuffer message) {
            engine.onBinary(connection, message);
        }

        /** The next message: a JsonObject for text, the ByteBuffer for a binary one; heartbeats skipped. */
        Object next() throws InterruptedException {
            String record = transport.nextFrame();
            if (record.startsWith("binary:")) {
                ByteBuffer message = transport.binary.poll();
                assertNotNull(message);
                return message;
            }
            try (var reader = Json.createReader(new StringReader(record))) {
                return reader.readObject();
            }
        }

        JsonObject nextText() throws InterruptedException {
            Object next = next();
            if (next instanceof JsonObject object) {
                return object;
            }
            throw new AssertionError("expected a text frame, got a binary message of " + ((ByteBuffer) next).remaining() + " bytes");
        }

        /** The next text frame that is not a {@code #file.ack} (acks are checked where they matter). */
        JsonObject nextBesidesAcks() throws InterruptedException {
            JsonObject next;
            do {
                next = nextText();
            } while ("#file.ack".equals(next.getString("event", "")));
            return next;
        }
    }
}

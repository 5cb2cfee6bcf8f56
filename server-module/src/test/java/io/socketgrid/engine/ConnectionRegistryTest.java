package io.socketgrid.engine;

import io.socketgrid.broker.HistoryPolicy;
import io.socketgrid.broker.InMemoryBroker;
import io.socketgrid.config.SocketGridConfig;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConnectionRegistryTest {

    private final InMemoryBroker broker = new InMemoryBroker(new HistoryPolicy(100, Duration.ofMinutes(1)));

    private List<Connection> connections(int count) {
        SocketGridEngine engine = SocketGridEngine.builder(SocketGridConfig.load(Map.<String, String>of()::get), broker).build();
        List<Connection> opened = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            opened.add(engine.open(new FakeTransport()));
        }
        engine.close();
        return opened;
    }

    @Test
    void theSlicesPartitionTheConnections() {
        ConnectionRegistry registry = new ConnectionRegistry(7);
        List<Connection> all = connections(200);
        all.forEach(registry::add);

        assertEquals(200, registry.size());
        Set<Connection> seen = new HashSet<>();
        int nonEmptySlices = 0;
        for (int i = 0; i < registry.sliceCount(); i++) {
            int before = seen.size();
            for (Connection connection : registry.slice(i)) {
                assertTrue(seen.add(connection), connection + " is in two slices");
            }
            nonEmptySlices += seen.size() > before ? 1 : 0;
        }
        assertEquals(new HashSet<>(all), seen);
        assertEquals(7, nonEmptySlices, "200 random ids fill every slice");
        Set<Connection> iterated = new HashSet<>();
        registry.all().forEach(iterated::add);
        assertEquals(seen, iterated);
    }

    @Test
    void lookupAndRemovalGoByIdAndIdentity() {
        ConnectionRegistry registry = new ConnectionRegistry(3);
        List<Connection> two = connections(2);
        Connection first = two.get(0);
        registry.add(first);
        registry.add(two.get(1));

        assertSame(first, registry.get(first.id()));
        assertNull(registry.get("nobody"));
        registry.remove(first);
        assertNull(registry.get(first.id()));
        assertEquals(1, registry.size());
        registry.remove(first);
        assertEquals(1, registry.size(), "removing twice removes nothing more");
    }

    @Test
    void atLeastOneSlice() {
        assertThrows(IllegalArgumentException.class, () -> new ConnectionRegistry(0));
    }
}

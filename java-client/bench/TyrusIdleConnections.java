import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import org.glassfish.tyrus.client.ClientManager;
import org.glassfish.tyrus.client.ClientProperties;

import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The comparison for java-client/README.md: N idle sockets through the Tyrus standalone client (shared
 * container), speaking just enough protocol to stay open (the handshake, heartbeat answers). Not part of the
 * build; compile and run it by hand against tyrus-standalone-client:
 *   javac -cp tyrus-standalone-client.jar -d /tmp/tyrus-bench java-client/bench/TyrusIdleConnections.java
 *   java -Xmx512m -cp tyrus-standalone-client.jar:/tmp/tyrus-bench TyrusIdleConnections ws://127.0.0.1:18090/socketcluster/ 5000 30
 */
public final class TyrusIdleConnections {

    public static void main(String[] args) throws Exception {
        URI uri = URI.create(args[0]);
        int count = Integer.parseInt(args[1]);
        long idleSeconds = Long.parseLong(args[2]);
        long[] before = usage();
        ClientManager client = ClientManager.createClient();
        client.getProperties().put(ClientProperties.SHARED_CONTAINER, true);
        CountDownLatch handshaken = new CountDownLatch(count);
        Semaphore inFlight = new Semaphore(200);
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            inFlight.acquire();
            client.asyncConnectToServer(new Endpoint() {
                @Override
                public void onOpen(Session session, EndpointConfig config) {
                    session.addMessageHandler(String.class, (MessageHandler.Whole<String>) message -> {
                        if (message.isEmpty()) {
                            session.getAsyncRemote().sendText("");
                        } else if (message.startsWith("{\"rid\":1,")) {
                            inFlight.release();
                            handshaken.countDown();
                        }
                    });
                    session.getAsyncRemote().sendText("{\"event\":\"#handshake\",\"data\":{},\"cid\":1}");
                }
            }, ClientEndpointConfig.Builder.create().build(), uri);
        }
        if (!handshaken.await(120, TimeUnit.SECONDS)) {
            throw new IllegalStateException(handshaken.getCount() + " sockets did not handshake");
        }
        long connectMillis = (System.nanoTime() - start) / 1_000_000;
        TimeUnit.SECONDS.sleep(idleSeconds); // idle on purpose: heartbeats flow meanwhile
        long[] after = usage();
        System.out.printf("tyrus: connections %d, opened in %d ms%n", count, connectMillis);
        System.out.printf("threads before %d, after %d: %s%n", before[0], after[0], threadGroups());
        System.out.printf("live heap before %.1f MB, after %.1f MB: %.2f KB per connection%n",
                before[1] / 1e6, after[1] / 1e6, (after[1] - before[1]) / 1024.0 / count);
        System.out.printf("RSS before %.1f MB, after %.1f MB: %.2f KB per connection%n",
                before[2] / 1e6, after[2] / 1e6, (after[2] - before[2]) / 1024.0 / count);
        System.exit(0);
    }

    /** {threads, live heap after a full GC, RSS}. */
    private static long[] usage() throws Exception {
        System.gc();
        long rss = Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("VmRSS:"))
                .mapToLong(l -> Long.parseLong(l.replaceAll("\\D", "")) * 1024).findFirst().orElse(-1);
        return new long[] {Thread.getAllStackTraces().size(), ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(), rss};
    }

    private static Map<String, Integer> threadGroups() {
        Map<String, Integer> groups = new TreeMap<>();
        Thread.getAllStackTraces().keySet().forEach(t -> groups.merge(t.getName().replaceAll("\\d+", "#"), 1, Integer::sum));
        return groups;
    }
}

package io.socketgrid.client.bench;

import io.socketgrid.client.ClientOptions;
import io.socketgrid.client.ClientSocket;
import io.socketgrid.client.ConnectionListener;
import io.socketgrid.client.Handshake;
import io.socketgrid.client.SocketGridClient;

import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Not a test: a measurement (run by hand, see java-client/README.md). Opens N client sockets to a SocketGrid
 * server, at most 200 handshakes in flight, keeps them idle (answering heartbeats) for a while, and prints
 * what the client JVM holds: threads by name, live heap after a full GC, RSS; per connection against the
 * same figures before connecting.
 *
 * <p>Usage: {@code java -cp … io.socketgrid.client.bench.IdleConnections ws://127.0.0.1:8080/socketcluster/ 5000 30 [threads]}
 * (threads: a fixed executor of that many threads for the JDK client's callbacks; its cached pool when absent)
 */
public final class IdleConnections {

    public static void main(String[] args) throws Exception {
        URI uri = URI.create(args[0]);
        int count = Integer.parseInt(args[1]);
        long idleSeconds = Long.parseLong(args[2]);

        Figures before = Figures.now();
        Map<String, Integer> callbackThreads = new ConcurrentHashMap<>();
        Semaphore inFlight = new Semaphore(200);
        ConnectionListener threads = new ConnectionListener() {
            @Override
            public void onConnect(Handshake handshake) {
                callbackThreads.merge(Figures.group(Thread.currentThread().getName()), 1, Integer::sum);
            }
        };
        ClientOptions options = ClientOptions.builder().connectTimeout(Duration.ofSeconds(30)).build();
        long start = System.nanoTime();
        List<ClientSocket> sockets = new ArrayList<>(count);
        SocketGridClient.Builder builder = SocketGridClient.builder();
        if (args.length > 3) {
            builder.executor(Executors.newFixedThreadPool(Integer.parseInt(args[3]), task -> {
                Thread thread = new Thread(task, "bench-io");
                thread.setDaemon(true);
                return thread;
            }));
        }
        try (SocketGridClient client = builder.build()) {
            for (int i = 0; i < count; i++) {
                inFlight.acquire();
                ClientSocket socket = client.connect(uri, options, threads);
                socket.connected().whenComplete((h, e) -> inFlight.release());
                sockets.add(socket);
            }
            for (ClientSocket socket : sockets) {
                socket.connected().get(60, TimeUnit.SECONDS);
            }
            long connectMillis = (System.nanoTime() - start) / 1_000_000;
            TimeUnit.SECONDS.sleep(idleSeconds); // idle on purpose: heartbeats flow meanwhile
            long stillConnected = sockets.stream().filter(s -> s.connected().isDone() && s.id() != null).count();
            Figures after = Figures.now();
            System.out.printf("connections %d (connected after idling: %d), opened in %d ms%n", count, stillConnected, connectMillis);
            System.out.printf("threads before %d, after %d: %s%n", before.threads, after.threads, after.threadGroups);
            System.out.printf("callbacks ran on: %s%n", callbackThreads);
            System.out.printf("live heap before %.1f MB, after %.1f MB: %.2f KB per connection%n",
                    before.heap / 1e6, after.heap / 1e6, (after.heap - before.heap) / 1024.0 / count);
            System.out.printf("RSS before %.1f MB, after %.1f MB: %.2f KB per connection%n",
                    before.rss / 1e6, after.rss / 1e6, (after.rss - before.rss) / 1024.0 / count);
            System.out.printf("GC: %s, max heap %d MB%n", ManagementFactory.getGarbageCollectorMXBeans().stream()
                    .map(b -> b.getName()).toList(), Runtime.getRuntime().maxMemory() >> 20);
            sockets.forEach(ClientSocket::close);
        }
    }

    /** Threads, live heap after a full GC, and resident set size of this JVM. */
    private record Figures(int threads, Map<String, Integer> threadGroups, long heap, long rss) {

        static Figures now() throws Exception {
            System.gc();
            Map<String, Integer> groups = new TreeMap<>();
            for (Thread thread : Thread.getAllStackTraces().keySet()) {
                groups.merge(group(thread.getName()), 1, Integer::sum);
            }
            long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
            long rss = Files.readAllLines(Path.of("/proc/self/status")).stream()
                    .filter(line -> line.startsWith("VmRSS:"))
                    .mapToLong(line -> Long.parseLong(line.replaceAll("\\D", "")) * 1024).findFirst().orElse(-1);
            return new Figures(groups.values().stream().mapToInt(Integer::intValue).sum(), groups, heap, rss);
        }

        /** A thread's name without its number: "HttpClient-1-Worker-7" → "HttpClient-#-Worker-#". */
        static String group(String name) {
            return name.replaceAll("\\d+", "#");
        }
    }
}

package io.socketgrid.broker.hazelcast;

import com.hazelcast.config.Config;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.socketgrid.broker.Broker;
import io.socketgrid.broker.ChannelMessage;
import io.socketgrid.broker.HistoryPolicy;
import io.socketgrid.broker.StreamPosition;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * A Hazelcast hiccup never blocks the caller: while every cluster call hangs, subscribe, publish and recover
 * still return at once (WebSocket threads call them), with stages that are simply not complete yet.
 */
class HazelcastBrokerBlockingTest {

    private final CountDownLatch clusterBack = new CountDownLatch(1);

    /** Every call on a cluster structure waits until the cluster is back. */
    @SuppressWarnings("unchecked")
    private <T> T hanging(Class<T> type) {
        return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            clusterBack.await(30, TimeUnit.SECONDS);
            throw new IllegalStateException("the cluster is gone");
        });
    }

    private HazelcastInstance hangingInstance() {
        IMap<?, ?> hangingMap = hanging(IMap.class);
        // registering a listener is local bookkeeping; everything else on the map waits for the cluster
        IMap<?, ?> map = (IMap<?, ?>) Proxy.newProxyInstance(IMap.class.getClassLoader(), new Class<?>[] {IMap.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "addEntryListener" -> java.util.UUID.randomUUID();
                    case "removeEntryListener" -> true;
                    default -> method.invoke(hangingMap, args);
                });
        Config config = new Config();
        return (HazelcastInstance) Proxy.newProxyInstance(HazelcastInstance.class.getClassLoader(),
                new Class<?>[] {HazelcastInstance.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getConfig" -> config;
                    case "getMap" -> map;
                    default -> {
                        clusterBack.await(30, TimeUnit.SECONDS);
                        throw new IllegalStateException("the cluster is gone");
                    }
                });
    }

    @Test
    void callersAreNeverBlockedByTheCluster() {
        HazelcastBroker broker = new HazelcastBroker(hangingInstance(), new HistoryPolicy(10, Duration.ofMinutes(1)), "x.");
        try {
            assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
                Broker.Subscription subscription = broker.subscribe("c", message -> { });
                CompletionStage<ChannelMessage> published = broker.publish("c", JsonValue.TRUE);
                CompletionStage<?> recovered = broker.recover("c", new StreamPosition("e", 0), 10);
                assertFalse(subscription.ready().toCompletableFuture().isDone());
                assertFalse(published.toCompletableFuture().isDone());
                assertFalse(recovered.toCompletableFuture().isDone());
            }, "a broker call waited for the cluster");
        } finally {
            clusterBack.countDown();
            broker.close();
        }
    }
}

package io.socketgrid.broker;

import jakarta.json.Json;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InMemoryBrokerTest extends BrokerContractTest {

    @Override
    protected List<Broker> twoNodes() {
        Broker single = new InMemoryBroker(HISTORY);
        return List.of(single, single);
    }

    @Test
    void messagesOlderThanTheTtlCannotBeRecovered() throws Exception {
        AtomicLong clock = new AtomicLong();
        InMemoryBroker broker = new InMemoryBroker(new HistoryPolicy(100, Duration.ofSeconds(10)), clock::get);
        Broker.Subscription keepStream = broker.subscribe("aging", message -> { });
        ChannelMessage old = await(broker.publish("aging", Json.createValue(1)));
        clock.addAndGet(Duration.ofSeconds(6).toNanos());
        ChannelMessage young = await(broker.publish("aging", Json.createValue(2)));
        StreamPosition before = new StreamPosition(old.epoch(), -1);
        assertEquals(List.of(old, young), await(broker.recover("aging", before, 10)).messages());

        clock.addAndGet(Duration.ofSeconds(5).toNanos()); // old is 11 s old, young 5 s
        assertFalse(await(broker.recover("aging", before, 10)).complete());
        Recovery afterOld = await(broker.recover("aging", old.position(), 10));
        assertTrue(afterOld.complete());
        assertEquals(List.of(young), afterOld.messages());
        keepStream.close();
    }

    @Test
    void aDroppedStreamComesBackWithANewEpoch() throws Exception {
        AtomicLong clock = new AtomicLong();
        InMemoryBroker broker = new InMemoryBroker(new HistoryPolicy(100, Duration.ofSeconds(1)), clock::get);
        Broker.Subscription subscription = broker.subscribe("temp", message -> { });
        ChannelMessage first = await(broker.publish("temp", Json.createValue(1)));
        clock.addAndGet(Duration.ofSeconds(2).toNanos());
        subscription.close(); // no subscriber, nothing retained: the stream is dropped
        ChannelMessage second = await(broker.publish("temp", Json.createValue(2)));
        assertNotEquals(first.epoch(), second.epoch());
        assertEquals(0, second.offset());
        assertFalse(await(broker.recover("temp", first.position(), 10)).complete());
    }
}

package io.socketgrid.broker;

import java.util.List;

class InMemoryBrokerTest extends BrokerContractTest {

    @Override
    protected List<Broker> twoNodes() {
        Broker single = new InMemoryBroker();
        return List.of(single, single);
    }
}

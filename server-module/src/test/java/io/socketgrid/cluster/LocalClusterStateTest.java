package io.socketgrid.cluster;

import java.util.List;

class LocalClusterStateTest extends ClusterStateContractTest {

    @Override
    protected List<ClusterState> twoNodes() {
        ClusterState single = new LocalClusterState(NODE_TIMEOUT, METRICS_TTL, java.time.Clock.systemUTC());
        return List.of(single, single);
    }
}

package io.socketgrid.broker;

/** The node route contract on the in-memory switchboard. */
class LocalNodeRoutesTest extends NodeRouteContractTest {

    private final LocalNodeRoutes switchboard = new LocalNodeRoutes();

    @Override
    protected NodeRoute node(String nodeId) {
        return switchboard.join(nodeId);
    }
}

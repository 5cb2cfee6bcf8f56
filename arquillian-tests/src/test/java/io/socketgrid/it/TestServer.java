package io.socketgrid.it;

/**
 * Which application server the tests run against: system property {@code socketgrid.server}, {@code payara-micro}
 * here (arquillian-tests) and {@code wildfly} in wildfly-tests, which runs some of these classes against WildFly.
 * Tests of what differs by server (the Tyrus patch, the server's Hazelcast, MicroProfile Metrics) ask it.
 */
final class TestServer {

    static final String NAME = System.getProperty("socketgrid.server", "payara-micro");

    private TestServer() {
    }

    /** Payara Micro or Payara Server: Tyrus, Hazelcast and MicroProfile Metrics inside. */
    static boolean isPayara() {
        return NAME.startsWith("payara");
    }
}

package io.socketgrid.it;

import io.socketgrid.testing.Eventually;
import jakarta.json.JsonObject;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.OperateOnDeployment;
import org.jboss.arquillian.container.test.api.TargetsContainer;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URL;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The portable mode: on servers that offer no Hazelcast (here Payara Micro started with --nohazelcast; from
 * wildfly-tests, two WildFly instances running socketgrid-portable.war), the WAR starts its own embedded member
 * from {@code socketgrid.hazelcastConfig}, and two such instances form one cluster: channels cross them.
 */
@ExtendWith(ArquillianExtension.class)
class EmbeddedHazelcastIT {

    @Deployment(name = "c", testable = false)
    @TargetsContainer("node-c")
    static WebArchive nodeC() {
        return Deployments.socketGridWithTestProcedures();
    }

    @Deployment(name = "d", testable = false)
    @TargetsContainer("node-d")
    static WebArchive nodeD() {
        return Deployments.socketGridWithTestProcedures();
    }

    @ArquillianResource
    @OperateOnDeployment("c")
    URL c;

    @ArquillianResource
    @OperateOnDeployment("d")
    URL d;

    private static JsonObject stats(URL node) throws Exception {
        return Deployments.getJson(node, "socketgrid/stats");
    }

    @Test
    void instancesWithoutServerHazelcastClusterThroughTheirOwnMembers() throws Exception {
        Eventually.await("both embedded members in one cluster", () -> stats(c).getString("broker"),
                "hazelcast (2 members)"::equals);
        try (RecordingClient onC = RecordingClient.handshaken(Deployments.socketClusterUri(c));
             RecordingClient onD = RecordingClient.handshaken(Deployments.socketClusterUri(d))) {
            onC.send("{\"event\":\"#subscribe\",\"data\":{\"channel\":\"portable\"},\"cid\":2}");
            assertEquals(2, onC.next().getInt("rid"));
            onD.send("{\"event\":\"#publish\",\"data\":{\"channel\":\"portable\",\"data\":\"from d\"},\"cid\":3}");
            assertEquals(3, onD.next().getInt("rid"));
            assertEquals("from d", onC.next().getJsonObject("data").getString("data"));
        }
    }
}

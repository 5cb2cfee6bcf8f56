package io.socketgrid.it;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * kill -9 of an instance under load, and a drain of one ({@code scripts/cluster.sh drain}, as the autoscaler
 * removes a node), on the real cluster of {@code scripts/cluster.sh} (two Payara Micro instances behind
 * HAProxy, own ports and run directory under target/): the subscriber reconnects through the balancer to the
 * other instance and recovers, with nothing lost or duplicated; the cluster view drops the instance and lists
 * it again once restarted. The steps live in {@code src/test/node/failover.mjs}; each test leaves both
 * instances running, so they run in any order.
 * The cluster starts with {@code --tls}, so the same start also shows HAProxy terminating TLS for wss://.
 */
class FailoverIT {

    private static final File REPO = RepoScript.REPO;
    private static final Map<String, String> CLUSTER_ENV = Map.of(
            "SOCKETGRID_LB_PORT", "18080",
            "SOCKETGRID_CLUSTER_HTTP_BASE", "18081",
            "SOCKETGRID_CLUSTER_HZ_BASE", "5821",
            "SOCKETGRID_TLS_PORT", "18443",
            "SOCKETGRID_CLUSTER_DIR", new File(System.getProperty("socketgrid.clusterDir", "target/failover-cluster")).getAbsolutePath());
    private static final long START_SECONDS = 300;

    @BeforeAll
    static void startCluster() throws Exception {
        assertEquals(0, cluster(START_SECONDS, "up", "2", "--tls"), "scripts/cluster.sh up 2 --tls");
    }

    @AfterAll
    static void stopCluster() throws Exception {
        cluster(60, "down");
    }

    private static int cluster(long seconds, String... args) throws Exception {
        return RepoScript.run(CLUSTER_ENV, seconds, "cluster.sh", args).exitCode();
    }

    @Test
    void aKilledInstancesClientsRecoverEverythingOnTheOtherInstance() throws Exception {
        failover("kill");
    }

    @Test
    void aDrainedInstancesClientsReconnectAtOnceAndRecoverEverythingOnTheOtherInstance() throws Exception {
        String output = failover("drain");
        assertTrue(output.contains("\"officialClient\":{\"code\":4000,\"reconnectDelay\":0}"), output);
    }

    /** Runs failover.mjs with {@code fault} (kill or drain) on one instance; returns its output. */
    private static String failover(String fault) throws Exception {
        String output = NodeScript.run(CLUSTER_ENV, "failover.mjs", CLUSTER_ENV.get("SOCKETGRID_LB_PORT"),
                new File(REPO, "scripts/cluster.sh").getAbsolutePath(),
                new File(REPO, "webapp/src/main/webapp/js/socketgrid-client.js").getAbsolutePath(), fault);
        assertTrue(output.contains("ok the restarted instance rejoined the cluster"), output);
        return output;
    }

    @Test
    void theBalancerTerminatesTlsAndTheHandshakeAnswersOverWss() throws Exception {
        Path certificate = Path.of(CLUSTER_ENV.get("SOCKETGRID_CLUSTER_DIR"), "tls", "localhost.crt");
        URI wss = URI.create("wss://localhost:" + CLUSTER_ENV.get("SOCKETGRID_TLS_PORT") + "/socketcluster/");
        try (RecordingClient client = RecordingClient.connect(TrustingClient.trusting(certificate), wss, true)) {
            assertFalse(client.handshake().getString("id").isEmpty());
        }
    }
}

package io.socketgrid.it;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * kill -9 of an instance under load, on the real cluster of {@code scripts/cluster.sh} (two Payara Micro
 * instances behind HAProxy, own ports and run directory under target/): the subscriber reconnects through
 * the balancer to the other instance and recovers, with nothing lost or duplicated; the cluster view drops
 * the dead instance and lists it again once restarted. The steps live in {@code src/test/node/failover.mjs}.
 */
class FailoverIT {

    private static final File REPO = new File(System.getProperty("socketgrid.repo", ".."));
    private static final Map<String, String> CLUSTER_ENV = Map.of(
            "SOCKETGRID_LB_PORT", "18080",
            "SOCKETGRID_CLUSTER_HTTP_BASE", "18081",
            "SOCKETGRID_CLUSTER_HZ_BASE", "5821",
            "SOCKETGRID_CLUSTER_DIR", new File(System.getProperty("socketgrid.clusterDir", "target/failover-cluster")).getAbsolutePath());
    private static final long START_SECONDS = 300;

    @BeforeAll
    static void startCluster() throws Exception {
        assertEquals(0, cluster(START_SECONDS, "up", "2"), "scripts/cluster.sh up 2");
    }

    @AfterAll
    static void stopCluster() throws Exception {
        cluster(60, "down");
    }

    private static int cluster(long seconds, String... args) throws Exception {
        String[] command = new String[args.length + 1];
        command[0] = new File(REPO, "scripts/cluster.sh").getAbsolutePath();
        System.arraycopy(args, 0, command, 1, args.length);
        ProcessBuilder builder = new ProcessBuilder(command).directory(REPO).redirectErrorStream(true);
        builder.environment().putAll(CLUSTER_ENV);
        Process process = builder.start();
        boolean finished = process.waitFor(seconds, TimeUnit.SECONDS);
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        System.out.println(output);
        assertTrue(finished, "scripts/cluster.sh " + String.join(" ", args) + " took over " + seconds + " s");
        return process.exitValue();
    }

    @Test
    void aKilledInstancesClientsRecoverEverythingOnTheOtherInstance() throws Exception {
        String output = NodeScript.run(CLUSTER_ENV, "failover.mjs", CLUSTER_ENV.get("SOCKETGRID_LB_PORT"),
                new File(REPO, "scripts/cluster.sh").getAbsolutePath(),
                new File(REPO, "webapp/src/main/webapp/js/socketgrid-client.js").getAbsolutePath());
        assertTrue(output.contains("ok the restarted instance rejoined the cluster"), output);
    }
}

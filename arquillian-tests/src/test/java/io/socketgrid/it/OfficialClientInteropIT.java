package io.socketgrid.it;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.File;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The official {@code socketcluster-client} (npm, 20.x) against the deployed WAR: connect, invoke, transmit
 * and pong, an unhandled invoke, subscribe and publish, reconnect with re-subscription after the server
 * closes the socket. The steps live in {@code src/test/node/interop.mjs}; scripts/test.sh installs its npm
 * packages.
 */
@ExtendWith(ArquillianExtension.class)
class OfficialClientInteropIT {

    private static final long MAX_SECONDS = 120;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.socketGridWithTestProcedures();
    }

    @ArquillianResource
    URL base;

    @Test
    void officialClientCompletesEveryStep() throws Exception {
        File dir = new File(System.getProperty("socketgrid.interopDir", "src/test/node"));
        assertTrue(new File(dir, "node_modules/socketcluster-client").isDirectory(),
                "npm packages missing in " + dir + ": scripts/test.sh installs them (npm ci)");
        String url = Deployments.httpUri(base, "").toString();
        Process node = new ProcessBuilder("node", "interop.mjs", url)
                .directory(dir)
                .redirectErrorStream(true)
                .start();
        boolean finished = node.waitFor(MAX_SECONDS, TimeUnit.SECONDS);
        if (!finished) {
            node.destroyForcibly();
        }
        String output = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        System.out.println(output);
        assertTrue(finished, "interop.mjs did not finish within " + MAX_SECONDS + " s:\n" + output);
        assertEquals(0, node.exitValue(), "interop.mjs failed:\n" + output);
        assertTrue(output.contains("ok reconnect after server close"), output);
    }
}

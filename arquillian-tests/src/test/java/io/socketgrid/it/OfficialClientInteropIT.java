package io.socketgrid.it;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URL;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The official {@code socketcluster-client} (npm, 20.x) against the deployed WAR: connect, invoke, transmit
 * and pong, an unhandled invoke, subscribe and publish, reconnect with re-subscription after the server
 * closes the socket. The steps live in {@code src/test/node/interop.mjs}; scripts/test.sh installs its npm
 * packages.
 */
@ExtendWith(ArquillianExtension.class)
class OfficialClientInteropIT {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.socketGridWithTestProcedures();
    }

    @ArquillianResource
    URL base;

    @Test
    void officialClientCompletesEveryStep() throws Exception {
        String output = NodeScript.run("interop.mjs", Deployments.httpUri(base, "").toString());
        assertTrue(output.contains("ok reconnect after server close"), output);
    }

    @Test
    void officialClientAuthenticatesDeauthenticatesAndPresentsItsTokenAgain() throws Exception {
        String output = NodeScript.run("auth-interop.mjs", Deployments.httpUri(base, "").toString());
        assertTrue(output.contains("ok token presented again on reconnect"), output);
    }

    @Test
    void officialClientSendsAndReceivesAFileInBase64() throws Exception {
        String output = NodeScript.run("files-interop.mjs", Deployments.httpUri(base, "").toString());
        assertTrue(output.contains("ok download via base64 verified"), output);
    }
}

package io.socketgrid.it;

import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.net.ssl.SSLHandshakeException;
import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * TLS as {@code scripts/run.sh --tls --detach} serves it, started the way a user starts it (own ports, run
 * directory under target/, the test Hazelcast config): the script generates a self-signed certificate for
 * localhost and 127.0.0.1, prints the https:// URL, and a client that trusts only that certificate loads a
 * page, opens wss://…/socketcluster/ and completes the SocketCluster handshake and an invoke; a client that
 * does not trust it is refused.
 */
class TlsIT {

    private static final long START_SECONDS = 240;
    private static final Path RUN_DIR = Path.of(System.getProperty("socketgrid.tlsRunDir", "target/tls-run")).toAbsolutePath();
    private static final Path CERTIFICATE = RUN_DIR.resolve("tls/localhost.crt");
    private static Map<String, String> environment;
    private static int tlsPort;
    private static String started;

    @BeforeAll
    static void start() throws Exception {
        int httpPort = freePort();
        tlsPort = freePort();
        environment = Map.of(
                "SOCKETGRID_PORT", Integer.toString(httpPort),
                "SOCKETGRID_TLS_PORT", Integer.toString(tlsPort),
                "SOCKETGRID_RUN_DIR", RUN_DIR.toString(),
                "SOCKETGRID_WAR", new File(System.getProperty("socketgrid.war", "target/socketgrid.war")).getAbsolutePath(),
                "SOCKETGRID_MICRO_JAR", new File(System.getProperty("payara.microJar", "target/payara-micro.jar")).getAbsolutePath(),
                "SOCKETGRID_HZ_CONFIG", new File(RepoScript.REPO, "hazelcast-config/src/main/resources/hazelcast-tests.xml").getAbsolutePath(),
                "JAVA_OPTS", "-Xmx256m");
        RepoScript.Result result = RepoScript.run(environment, START_SECONDS, "run.sh", "--tls", "--detach");
        assertEquals(0, result.exitCode(), "scripts/run.sh --tls --detach:\n" + result.output());
        started = result.output();
    }

    @AfterAll
    static void stop() throws Exception {
        if (environment != null) {
            RepoScript.run(environment, 60, "run.sh", "--stop");
        }
    }

    /** A port nothing listens on now (the script binds it a moment later; good enough on a test machine). */
    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static URI https(String host, String path) {
        return URI.create("https://" + host + ":" + tlsPort + "/" + path);
    }

    @Test
    void theScriptPrintsTheHttpsUrlAndLeavesNoPasswordInTheRunDirectory() throws Exception {
        assertTrue(started.contains("SocketGrid is running: https://localhost:" + tlsPort + "/"), started);
        assertTrue(started.contains("wss://localhost:" + tlsPort + "/socketcluster/"), started);
        assertTrue(Files.isRegularFile(CERTIFICATE), "the generated certificate " + CERTIFICATE);
        assertEquals("rw-------", PosixFilePermissions.toString(
                Files.getPosixFilePermissions(RUN_DIR.resolve("tls/keystore.password"))));
        assertFalse(Files.exists(RUN_DIR.resolve("ssl.properties")), "the password file Payara read at boot is removed");
    }

    @Test
    void pagesAreServedOverHttpsToAClientTrustingTheGeneratedCertificateByNameAndAddress() throws Exception {
        HttpClient client = TrustingClient.trusting(CERTIFICATE);
        for (String host : new String[] {"localhost", "127.0.0.1"}) {
            HttpResponse<String> page = client.send(HttpRequest.newBuilder(https(host, "index.html"))
                    .timeout(Duration.ofSeconds(RecordingClient.WAIT_SECONDS)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, page.statusCode(), host);
        }
    }

    @Test
    void theSocketClusterHandshakeAndAnInvokeWorkOverWss() throws Exception {
        URI wss = URI.create("wss://localhost:" + tlsPort + "/socketcluster/");
        try (RecordingClient client = RecordingClient.connect(TrustingClient.trusting(CERTIFICATE), wss, true)) {
            JsonObject status = client.handshake();
            assertFalse(status.getString("id").isEmpty(), status::toString);
            assertTrue(status.getInt("pingTimeout") > 0, status::toString);
            client.send("{\"event\":\"ping\",\"data\":{},\"cid\":2}");
            JsonObject answer = client.next();
            assertEquals(2, answer.getInt("rid"), answer::toString);
        }
    }

    @Test
    void aClientThatDoesNotTrustTheCertificateIsRefused() {
        ExecutionException refused = assertThrows(ExecutionException.class, () -> RecordingClient.connect(
                HttpClient.newHttpClient(), URI.create("wss://localhost:" + tlsPort + "/socketcluster/"), true));
        assertInstanceOf(SSLHandshakeException.class, refused.getCause(), refused::toString);
    }
}

package io.socketgrid.it;

import io.socketgrid.config.SocketGridConfig;
import io.socketgrid.security.TokenService;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.TargetsContainer;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Security against a deployed instance (container "secured": authKey set, authChannels {@code private.*},
 * inboundRate 50/s with a burst of 100, maxConnectionsPerAddress 30): Origin policy, tokens, the container
 * principal, middleware, limits and the operations endpoints, each with a healthy neighbour that keeps working.
 */
@ExtendWith(ArquillianExtension.class)
class SecurityIT {

    /** The authKey of the "secured" container in arquillian.xml. */
    static final String AUTH_KEY = "socketgrid-tests-auth-key-of-32-bytes-long";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final TokenService TOKENS = TokenService.from(
            SocketGridConfig.load(Map.of("authKey", AUTH_KEY)::get).security());

    @Deployment(testable = false)
    @TargetsContainer("secured")
    static WebArchive deployment() {
        return Deployments.socketGridWithTestProcedures().addClass(TestLogin.class)
                .addAsWebInfResource(new StringAsset("""
                        <?xml version="1.0" encoding="UTF-8"?>
                        <payara-web-app>
                          <security-role-mapping>
                            <role-name>ops</role-name>
                            <group-name>ops</group-name>
                          </security-role-mapping>
                        </payara-web-app>
                        """), "payara-web.xml");
    }

    @ArquillianResource
    URL base;

    private URI ws() {
        return Deployments.socketClusterUri(base);
    }

    private static String basic(String user) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + TestLogin.PASSWORD).getBytes(StandardCharsets.UTF_8));
    }

    private static JsonObject error(JsonObject answer) {
        assertTrue(answer.containsKey("error"), () -> "expected an error answer: " + answer);
        return answer.getJsonObject("error");
    }

    private JsonObject handshakeWith(RecordingClient client, String token) throws Exception {
        client.send(Json.createObjectBuilder().add("event", "#handshake")
                .add("data", Json.createObjectBuilder().add("authToken", token)).add("cid", 1).build().toString());
        JsonObject answer = client.next();
        assertEquals(1, answer.getInt("rid"), answer::toString);
        return answer.getJsonObject("data");
    }

    private long security(String event) throws Exception {
        return Deployments.getJson(base, "socketgrid/stats").getJsonObject("engine").getJsonObject("security").getJsonNumber(event).longValue();
    }

    /** A socket that must keep getting answers while its neighbour misbehaves. */
    private static void assertHealthy(RecordingClient neighbour, int cid) throws Exception {
        neighbour.send("{\"event\":\"echo\",\"data\":" + cid + ",\"cid\":" + cid + "}");
        JsonObject answer = neighbour.next();
        assertEquals(cid, answer.getInt("rid"), answer::toString);
        assertEquals(cid, answer.getInt("data"));
    }

    @Test
    void aForeignOriginGets403AndTheSameOriginOrNoOriginConnects() throws Exception {
        long before = security("ORIGIN_REFUSED");
        ExecutionException refused = assertThrows(ExecutionException.class,
                () -> RecordingClient.connect(ws(), Map.of("Origin", "http://evil.example")));
        WebSocketHandshakeException handshake = assertInstanceOf(WebSocketHandshakeException.class, refused.getCause());
        assertEquals(403, handshake.getResponse().statusCode());
        assertEquals(before + 1, security("ORIGIN_REFUSED"));

        try (RecordingClient sameOrigin = RecordingClient.connect(ws(),
                Map.of("Origin", "http://127.0.0.1:" + base.getPort()));
             RecordingClient noOrigin = RecordingClient.connect(ws())) {
            sameOrigin.handshake();
            noOrigin.handshake();
            assertHealthy(sameOrigin, 2);
        }
    }

    @Test
    void tokensAreAcceptedExpiredForgedAndRefreshed() throws Exception {
        long now = System.currentTimeMillis() / 1000;
        try (RecordingClient valid = RecordingClient.connect(ws());
             RecordingClient expired = RecordingClient.connect(ws());
             RecordingClient forged = RecordingClient.connect(ws())) {
            JsonObject accepted = handshakeWith(valid,
                    TOKENS.sign(Json.createObjectBuilder().add("username", "alice").add("exp", now + 60).build()));
            assertTrue(accepted.getBoolean("isAuthenticated"));
            valid.send("{\"event\":\"whoami\",\"cid\":2}");
            assertEquals("alice", valid.next().getJsonObject("data").getJsonObject("token").getString("username"));

            JsonObject late = handshakeWith(expired,
                    TOKENS.sign(Json.createObjectBuilder().add("username", "alice").add("exp", now - 10).build()));
            assertFalse(late.getBoolean("isAuthenticated"));
            assertEquals("AuthTokenExpiredError", late.getJsonObject("authError").getString("name"));

            String otherKey = TokenService.from(SocketGridConfig.load(
                    Map.of("authKey", "a different key, also 32 bytes long")::get).security())
                    .sign(Json.createObjectBuilder().add("username", "root").build());
            JsonObject fake = handshakeWith(forged, otherKey);
            assertFalse(fake.getBoolean("isAuthenticated"));
            assertEquals("AuthTokenInvalidError", fake.getJsonObject("authError").getString("name"));

            // refresh: the server signs a new token and pushes it; it opens a new socket as that user
            expired.send("{\"event\":\"login\",\"data\":\"dave\",\"cid\":2}");
            JsonObject pushed = expired.next();
            assertEquals("#setAuthToken", pushed.getString("event"), pushed::toString);
            assertTrue(expired.next().getBoolean("data"));
            try (RecordingClient again = RecordingClient.connect(ws())) {
                assertTrue(handshakeWith(again, pushed.getJsonObject("data").getString("token")).getBoolean("isAuthenticated"));
            }
        }
    }

    @Test
    void theContainerPrincipalOfTheUpgradeAuthenticatesTheSocket() throws Exception {
        try (RecordingClient carol = RecordingClient.connect(ws(), Map.of("Authorization", basic("carol")))) {
            assertTrue(carol.handshake().getBoolean("isAuthenticated"));
            carol.send("{\"event\":\"whoami\",\"cid\":2}");
            assertEquals("carol", carol.next().getJsonObject("data").getString("principal"));
            carol.send("{\"event\":\"#subscribe\",\"data\":{\"channel\":\"private.carol\"},\"cid\":3}");
            assertFalse(carol.next().containsKey("error"), "an authenticated socket may use auth channels");
        }
    }

    @Test
    void middlewareBlocksWithItsErrorAndEveryHookLetsTheRestThrough() throws Exception {
        try (RecordingClient blocked = RecordingClient.connect(ws(), Map.of("Authorization", basic("blocked")));
             RecordingClient client = RecordingClient.handshaken(ws());
             RecordingClient other = RecordingClient.handshaken(ws())) {
            blocked.send("{\"event\":\"#handshake\",\"data\":{},\"cid\":1}");
            assertEquals("ForbiddenError", error(blocked.next()).getString("name"));
            assertEquals(4008, blocked.awaitClose());

            client.send("{\"event\":\"forbidden\",\"cid\":2}");
            assertEquals("ForbiddenError", error(client.next()).getString("name"));
            client.send("{\"event\":\"#subscribe\",\"data\":{\"channel\":\"forbidden\"},\"cid\":3}");
            assertEquals("ForbiddenError", error(client.next()).getString("name"));
            client.send("{\"event\":\"#publish\",\"data\":{\"channel\":\"open\",\"data\":\"forbidden\"},\"cid\":4}");
            assertEquals("ForbiddenError", error(client.next()).getString("name"));

            for (RecordingClient subscriber : List.of(client, other)) {
                subscriber.send("{\"event\":\"#subscribe\",\"data\":{\"channel\":\"open\"},\"cid\":5}");
                assertFalse(subscriber.next().containsKey("error"));
            }
            client.send(Json.createObjectBuilder().add("event", "#publish").add("data", Json.createObjectBuilder()
                    .add("channel", "open").add("data", Json.createObjectBuilder().add("onlyFor", other.id()).add("n", 1)))
                    .add("cid", 6).build().toString());
            client.send("{\"event\":\"#publish\",\"data\":{\"channel\":\"open\",\"data\":{\"n\":2}},\"cid\":7}");
            // the client sees its publish answers and message 2 only; the other sees 1 then 2
            List<Integer> seenByClient = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                JsonObject frame = client.next();
                if ("#publish".equals(frame.getString("event", null))) {
                    seenByClient.add(frame.getJsonObject("data").getJsonObject("data").getInt("n"));
                }
            }
            assertEquals(List.of(2), seenByClient);
            assertEquals(1, other.next().getJsonObject("data").getJsonObject("data").getInt("n"));
            assertEquals(2, other.next().getJsonObject("data").getJsonObject("data").getInt("n"));
            assertHealthy(client, 8);
        }
    }

    @Test
    void anonymousSocketsAreKeptOutOfAuthChannels() throws Exception {
        try (RecordingClient anonymous = RecordingClient.handshaken(ws())) {
            anonymous.send("{\"event\":\"#subscribe\",\"data\":{\"channel\":\"private.x\"},\"cid\":2}");
            assertEquals("AuthError", error(anonymous.next()).getString("name"));
            assertHealthy(anonymous, 3);
        }
    }

    @Test
    void aSocketOverItsRateGetsRateLimitErrorAndItsNeighbourIsServed() throws Exception {
        try (RecordingClient flooder = RecordingClient.handshaken(ws());
             RecordingClient neighbour = RecordingClient.handshaken(ws())) {
            StringBuilder batch = new StringBuilder("[");
            for (int cid = 2; cid < 202; cid++) {
                batch.append(cid > 2 ? "," : "").append("{\"event\":\"echo\",\"data\":0,\"cid\":").append(cid).append('}');
            }
            flooder.send(batch.append(']').toString());
            int limited = 0;
            for (int i = 0; i < 200; i++) {
                JsonObject answer = flooder.next();
                if (answer.containsKey("error")) {
                    assertEquals("RateLimitError", answer.getJsonObject("error").getString("name"));
                    limited++;
                }
            }
            assertTrue(limited >= 90 && limited <= 100, "200 at once with a burst of 100: about 100 refused, got " + limited);
            assertHealthy(neighbour, 2);
            assertFalse(flooder.isClosed(), "a socket over its rate is answered, not closed");
        }
    }

    @Test
    void socketsOverThePerAddressCapAreClosedWith1013() throws Exception {
        List<RecordingClient> held = new ArrayList<>();
        try (RecordingClient neighbour = RecordingClient.handshaken(ws())) {
            int accepted = 0;
            int refused = 0;
            for (int i = 0; i < 31; i++) { // the cap is 30 and the neighbour holds one already
                RecordingClient client = RecordingClient.connect(ws());
                held.add(client);
                int code = client.handshakeOrClose();
                if (code == 0) {
                    accepted++;
                } else {
                    assertEquals(1013, code);
                    refused++;
                }
            }
            assertTrue(refused >= 2 && accepted <= 29, accepted + " accepted, " + refused + " refused");
            assertHealthy(neighbour, 2);
        } finally {
            for (RecordingClient client : held) {
                client.close();
            }
        }
    }

    @Test
    void operationsDocumentsAreRefusedToRequestsForwardedFromElsewhere() throws Exception {
        URI stats = Deployments.httpUri(base, "socketgrid/stats");
        HttpResponse<String> forwarded = HTTP.send(HttpRequest.newBuilder(stats)
                .header("X-Forwarded-For", "203.0.113.9").build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(403, forwarded.statusCode());
        HttpResponse<String> withRole = HTTP.send(HttpRequest.newBuilder(stats).header("X-Forwarded-For", "203.0.113.9")
                .header("Authorization", basic("carol")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, withRole.statusCode(), "a user in opsRole may read them from anywhere");
        for (String path : new String[] {"socketgrid/autoscale", "socketgrid/drain"}) {
            HttpResponse<String> refused = HTTP.send(HttpRequest.newBuilder(Deployments.httpUri(base, path))
                    .header("X-Forwarded-For", "203.0.113.9").build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(403, refused.statusCode(), path);
        }
        assertTrue(security("OPS_REFUSED") >= 1);
    }

    @Test
    void aWebPageCannotDrainTheNodeAndTheHealthCheckStaysUp() throws Exception {
        URI drain = Deployments.httpUri(base, "socketgrid/drain");
        HttpResponse<String> fromAPage = HTTP.send(HttpRequest.newBuilder(drain).header("Origin", "http://evil.example")
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(403, fromAPage.statusCode(), "a browser's cross-site POST to localhost");
        HttpResponse<String> health = HTTP.send(HttpRequest.newBuilder(Deployments.httpUri(base, "socketgrid/health"))
                .header("X-Forwarded-For", "203.0.113.9").build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, health.statusCode(), "a balancer on another host reads the health check");
        assertTrue(health.body().contains("\"status\":\"UP\""), health.body());
    }

    @Test
    void aBatchOverTheLimitIsClosedWith1009() throws Exception {
        try (RecordingClient client = RecordingClient.handshaken(ws())) {
            client.send("[" + "{\"event\":\"x\"},".repeat(1000) + "{\"event\":\"x\"}]");
            assertEquals(1009, client.awaitClose());
        }
    }
}

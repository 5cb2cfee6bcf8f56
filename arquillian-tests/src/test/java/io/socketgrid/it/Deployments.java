package io.socketgrid.it;

import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import java.io.File;
import java.io.StringReader;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The WAR the build produced, plus the test procedures; and the URLs tests use to reach it. */
final class Deployments {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private Deployments() {
    }

    static WebArchive socketGridWithTestProcedures() {
        File war = new File(System.getProperty("socketgrid.war", "target/socketgrid.war"));
        return ShrinkWrap.createFromZipFile(WebArchive.class, war).addClass(TestProcedures.class);
    }

    /** The protocol endpoint below {@code base} (the deployment's root URL), on 127.0.0.1. */
    static URI socketClusterUri(URL base) {
        return URI.create("ws://127.0.0.1:" + base.getPort() + base.getPath() + "socketcluster/");
    }

    static URI httpUri(URL base, String path) {
        return URI.create("http://127.0.0.1:" + base.getPort() + base.getPath() + path);
    }

    /** GETs {@code path} below {@code base}; asserts 200 and returns the body as a JSON object. */
    static JsonObject getJson(URL base, String path) throws Exception {
        return get(base, path).asJsonObject();
    }

    /** GETs {@code path} below {@code base}; asserts 200 and returns the body as a JSON array. */
    static JsonArray getJsonArray(URL base, String path) throws Exception {
        return get(base, path).asJsonArray();
    }

    private static JsonValue get(URL base, String path) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(httpUri(base, path)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        try (var reader = Json.createReader(new StringReader(response.body()))) {
            return reader.readValue();
        }
    }
}

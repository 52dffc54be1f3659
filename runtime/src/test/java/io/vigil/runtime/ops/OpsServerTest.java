package io.vigil.runtime.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigil.runtime.ActionableException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** The ops server before any stream instance is attached: what a probe sees while a detector starts. No broker. */
class OpsServerTest {

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();
    private OpsServer server;

    @BeforeEach
    void setUp() {
        server = OpsServer.start("127.0.0.1", 0, OpsServer.newRegistry());
    }

    @AfterEach
    void tearDown() {
        server.close();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(server.url() + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void shouldAnswerHealthWhenNoInstanceIsAttachedYet() throws Exception {
        HttpResponse<String> response = get("/health");

        assertEquals(200, response.statusCode());
        assertEquals("UP", json.readTree(response.body()).path("status").asText());
    }

    @Test
    void shouldAnswerNotReadyWhenNoInstanceIsAttachedYet() throws Exception {
        HttpResponse<String> response = get("/ready");

        assertEquals(503, response.statusCode());
        JsonNode body = json.readTree(response.body());
        assertEquals(false, body.path("ready").asBoolean(true));
        assertEquals("NOT_STARTED", body.path("state").asText());
    }

    @Test
    void shouldAnswerRetryableUnavailableForAnEntityWhenNoInstanceIsAttachedYet() throws Exception {
        HttpResponse<String> response = get("/cards/card-1");

        assertEquals(503, response.statusCode());
        assertTrue(json.readTree(response.body()).path("retryable").asBoolean(), response::body);
    }

    @Test
    void shouldServeJvmMetricsInPrometheusTextFormat() throws Exception {
        HttpResponse<String> response = get("/metrics");

        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("text/plain; version=0.0.4"));
        for (String name : new String[] {"jvm_memory_used_bytes", "jvm_gc_", "jvm_threads_live_threads",
                "jvm_classes_loaded_classes", "system_cpu_count", "process_uptime_seconds"}) {
            assertTrue(response.body().contains(name), () -> "missing " + name);
        }
    }

    @Test
    void shouldRefuseOtherMethodsThanGet() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(server.url() + "/health"))
                .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());

        assertEquals(405, response.statusCode());
        assertEquals("GET, HEAD", response.headers().firstValue("Allow").orElse(""));
    }

    @Test
    void shouldAnswer404WithJsonForAnUnknownPathOrAMissingId() throws Exception {
        HttpResponse<String> unknown = get("/nope");
        HttpResponse<String> noId = get("/devices/");

        assertEquals(404, unknown.statusCode());
        assertTrue(json.readTree(unknown.body()).path("error").asText().contains("/nope"));
        assertEquals(404, noId.statusCode());
        assertTrue(json.readTree(noId.body()).path("error").asText().contains("/devices/{id}"));
    }

    @Test
    void shouldFailWithTheCommandMessageWhenThePortIsTaken() {
        ActionableException e = assertThrows(ActionableException.class,
                () -> OpsServer.start("127.0.0.1", server.port(), OpsServer.newRegistry()));

        assertTrue(e.getMessage().contains("HTTP port " + server.port()), e::getMessage);
    }

    @Test
    void shouldAdvertiseTheBindAddressOrThisHostsNameForAWildcard() {
        assertEquals("127.0.0.1:" + server.port(), server.applicationServer());
        assertNotEquals("0.0.0.0", OpsServer.advertisedHostFor("0.0.0.0"));
    }
}

package io.vigil.runtime.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigil.runtime.ops.OpsServer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** The console's files and API on an ops server before its stream instance is attached. No broker. */
class ConsoleRoutesTest {

    private final HttpClient http = HttpClient.newHttpClient();
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
    void shouldServeThePageItsFilesAndTheChartLibraryFromTheJarWhenAsked() throws Exception {
        // When
        HttpResponse<String> page = get("/");
        HttpResponse<String> script = get("/console/console.js");
        HttpResponse<String> chart = get("/webjars/chart.js/4.4.7/dist/chart.umd.js");

        // Then every file the page loads is served here, none from the internet
        assertEquals(200, page.statusCode());
        assertTrue(page.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
        assertTrue(page.body().contains("/webjars/chart.js/4.4.7/dist/chart.umd.js"), page::body);
        assertTrue(!page.body().contains("https://"), "the page must not load anything from the internet");
        assertEquals(200, script.statusCode());
        assertTrue(script.body().contains("EventSource"));
        assertEquals(200, chart.statusCode());
        assertTrue(chart.headers().firstValue("Content-Type").orElse("").startsWith("text/javascript"));
    }

    @Test
    void shouldAnswer404WhenAPathLeavesTheConsolesFiles() throws Exception {
        // When
        HttpResponse<String> traversal = get("/webjars/chart.js/../../../../logback.xml");
        HttpResponse<String> hidden = get("/console/.hidden");
        HttpResponse<String> missing = get("/console/nope.js");

        // Then
        assertEquals(404, traversal.statusCode());
        assertEquals(404, hidden.statusCode());
        assertEquals(404, missing.statusCode());
    }

    @Test
    void shouldAnswerRetryableUnavailableWhenNoInstanceIsAttachedYet() throws Exception {
        // When
        HttpResponse<String> overview = get("/api/overview");
        HttpResponse<String> unblock = http.send(HttpRequest.newBuilder(URI.create(server.url() + "/api/cards/c/unblock"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                HttpResponse.BodyHandlers.ofString());

        // Then
        assertEquals(503, overview.statusCode());
        assertTrue(overview.body().contains("\"retryable\":true"), overview::body);
        assertEquals(503, unblock.statusCode());
    }
}

package io.vigil.serdes.registry;

import static io.vigil.serdes.registry.TestSchemas.PAYMENT_V1;
import static io.vigil.serdes.registry.TestSchemas.PAYMENT_V2;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

/** The embedded server as any Confluent-compatible client sees it: plain HTTP requests and JSON answers. */
class EmbeddedSchemaRegistryTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private EmbeddedSchemaRegistry registry;

    @BeforeEach
    void start() {
        registry = EmbeddedSchemaRegistry.start(0);
    }

    @AfterEach
    void stop() {
        registry.close();
    }

    @Test
    void shouldListenOnLoopbackWhenStartedWithEphemeralPort() {
        assertTrue(registry.port() > 0);
        assertEquals("http://127.0.0.1:" + registry.port(), registry.url());
    }

    @Test
    void shouldAnswerInConfluentShapeWhenSchemaIsRegisteredAndRead() throws Exception {
        // When a schema is registered and read back with raw REST calls
        HttpResponse<String> registered = post("/subjects/payments-value/versions?normalize=false",
                Map.of("schema", PAYMENT_V1.toString()));
        HttpResponse<String> byId = get("/schemas/ids/1?fetchMaxId=false");
        HttpResponse<String> latest = get("/subjects/payments-value/versions/latest");
        HttpResponse<String> lookup = post("/subjects/payments-value", Map.of("schema", PAYMENT_V1.toString()));

        // Then every answer has Confluent's content type and fields
        assertEquals(200, registered.statusCode());
        assertEquals("application/vnd.schemaregistry.v1+json",
                registered.headers().firstValue("Content-Type").orElseThrow());
        assertEquals(JSON.readTree("{\"id\":1}"), JSON.readTree(registered.body()));
        assertEquals(PAYMENT_V1, new Schema.Parser().parse(JSON.readTree(byId.body()).get("schema").asText()));
        JsonNode latestJson = JSON.readTree(latest.body());
        assertEquals("payments-value", latestJson.get("subject").asText());
        assertEquals(1, latestJson.get("id").asInt());
        assertEquals(1, latestJson.get("version").asInt());
        assertEquals(PAYMENT_V1.toString(), latestJson.get("schema").asText());
        assertEquals(latestJson, JSON.readTree(lookup.body()));
    }

    @Test
    void shouldListSubjectsAndVersionsWhenAsked() throws Exception {
        // Given two versions of one subject
        registry.store().register("payments-value", PAYMENT_V1);
        registry.store().register("payments-value", PAYMENT_V2);

        // When subjects, versions and version 2 are read
        JsonNode subjects = JSON.readTree(get("/subjects").body());
        JsonNode versions = JSON.readTree(get("/subjects/payments-value/versions").body());
        JsonNode second = JSON.readTree(get("/subjects/payments-value/versions/2").body());

        // Then they match the store
        assertEquals(JSON.readTree("[\"payments-value\"]"), subjects);
        assertEquals(JSON.readTree("[1,2]"), versions);
        assertEquals(2, second.get("id").asInt());
    }

    @Test
    void shouldAnswerWithConfluentErrorBodyWhenSomethingIsWrong() throws Exception {
        // When an unknown id, an invalid schema, a non-Avro schema, a bad version and an unknown path are requested
        HttpResponse<String> unknownId = get("/schemas/ids/42");
        HttpResponse<String> invalid = post("/subjects/x-value/versions", Map.of("schema", "{\"type\": \"recrod\"}"));
        HttpResponse<String> protobuf = post("/subjects/x-value/versions",
                Map.of("schema", "syntax = \"proto3\";", "schemaType", "PROTOBUF"));
        HttpResponse<String> badVersion = get("/subjects/x-value/versions/first");
        HttpResponse<String> unknownPath = get("/topics");

        // Then each has Confluent's status and error code
        assertError(404, 40403, unknownId);
        assertError(422, 42201, invalid);
        assertError(422, 42201, protobuf);
        assertError(422, 42202, badVersion);
        assertError(404, 404, unknownPath);
        assertTrue(JSON.readTree(unknownId.body()).get("message").asText().contains("Schema 42 not found"));
    }

    @Test
    void shouldAnswer405WhenMethodDoesNotFitThePath() throws Exception {
        HttpResponse<String> postToSubjects = post("/subjects", Map.of("schema", PAYMENT_V1.toString()));

        assertError(405, 405, postToSubjects);
    }

    @Test
    void shouldFreeThePortWhenClosed() {
        // Given the address of a running registry
        URI subjects = URI.create(registry.url() + "/subjects");

        // When it is closed
        registry.close();

        // Then nothing answers there any more
        assertThrows(ConnectException.class,
                () -> HTTP.send(HttpRequest.newBuilder(subjects).build(), HttpResponse.BodyHandlers.ofString()));
    }

    @Test
    void shouldNameTheAddressWhenThePortIsTaken() {
        // Given a port in use by the running registry, When a second registry starts on it
        UncheckedIOException error = assertThrows(UncheckedIOException.class,
                () -> EmbeddedSchemaRegistry.start(registry.port()));

        // Then the error names host and port
        assertTrue(error.getMessage().contains("127.0.0.1:" + registry.port()), error.getMessage());
    }

    private static void assertError(int status, int errorCode, HttpResponse<String> response) throws IOException {
        assertEquals(status, response.statusCode(), response.body());
        assertEquals(errorCode, JSON.readTree(response.body()).get("error_code").asInt(), response.body());
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(registry.url() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, Map<String, String> body) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(registry.url() + path))
                .header("Content-Type", "application/vnd.schemaregistry.v1+json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                .build(), HttpResponse.BodyHandlers.ofString());
    }
}

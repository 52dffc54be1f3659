package io.vigil.serdes.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import org.apache.avro.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Serves the Confluent REST subset over an {@link InMemorySchemaStore}: {@code GET /subjects},
 * {@code POST /subjects/{s}}, {@code GET|POST /subjects/{s}/versions}, {@code GET /subjects/{s}/versions/{v|latest}},
 * {@code GET /schemas/ids/{id}} and {@code GET /config}. Errors are answered with Confluent's
 * {@code {"error_code", "message"}} body and status, so Confluent's own client reports them as it would against the
 * real registry. Query parameters Confluent clients add ({@code ?normalize=}, {@code ?fetchMaxId=}) are ignored.
 */
final class RegistryHttpHandler implements HttpHandler {

    private static final Logger LOG = LoggerFactory.getLogger(RegistryHttpHandler.class);
    private static final int MAX_BODY_BYTES = 8 * 1024 * 1024;

    private final InMemorySchemaStore store;

    RegistryHttpHandler(InMemorySchemaStore store) {
        this.store = store;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Answer answer;
            try {
                answer = route(exchange.getRequestMethod(), segments(exchange.getRequestURI().getRawPath()),
                        exchange.getRequestBody());
            } catch (SchemaRegistryException e) {
                int status = e.httpStatus() >= 400 ? e.httpStatus() : 500;
                answer = new Answer(status, RegistryJson.error(e.errorCode(), e.getMessage()));
            } catch (RuntimeException e) {
                LOG.warn("Embedded schema registry failed on {} {}", exchange.getRequestMethod(),
                        exchange.getRequestURI(), e);
                answer = new Answer(500, RegistryJson.error(SchemaRegistryException.STORE_ERROR,
                        "Internal error: " + e));
            }
            send(exchange, answer);
        }
    }

    private Answer route(String method, List<String> path, InputStream body) throws IOException {
        int size = path.size();
        if (size == 0) {
            return only("GET", method, RegistryJson::object);
        }
        if (path.get(0).equals("subjects")) {
            if (size == 1) {
                return only("GET", method, this::subjects);
            }
            String subject = path.get(1);
            if (size == 2) {
                return only("POST", method, () -> RegistryJson.registeredSchema(store.lookup(subject, schemaOf(body))));
            }
            if (size == 3 && path.get(2).equals("versions")) {
                if (method.equals("POST")) {
                    return new Answer(200, registered(store.register(subject, schemaOf(body))));
                }
                return only("GET", method, () -> versions(subject));
            }
            if (size == 4 && path.get(2).equals("versions")) {
                return only("GET", method, () -> RegistryJson.registeredSchema(version(subject, path.get(3))));
            }
        }
        if (size == 3 && path.get(0).equals("schemas") && path.get(1).equals("ids")) {
            return only("GET", method, () -> schemaById(path.get(2)));
        }
        if (size == 1 && path.get(0).equals("config")) {
            return only("GET", method, () -> RegistryJson.object().put("compatibilityLevel",
                    InMemorySchemaStore.COMPATIBILITY));
        }
        return new Answer(404, RegistryJson.error(404, "HTTP 404 Not Found"));
    }

    private static Answer only(String allowed, String method, JsonBody body) throws IOException {
        if (!allowed.equals(method)) {
            return new Answer(405, RegistryJson.error(405, "HTTP 405 Method Not Allowed"));
        }
        return new Answer(200, body.get());
    }

    private ArrayNode subjects() {
        ArrayNode subjects = RegistryJson.array();
        store.subjects().forEach(subjects::add);
        return subjects;
    }

    private ArrayNode versions(String subject) {
        ArrayNode versions = RegistryJson.array();
        store.versions(subject).forEach(versions::add);
        return versions;
    }

    private static ObjectNode registered(int id) {
        return RegistryJson.object().put("id", id);
    }

    private RegisteredSchema version(String subject, String version) {
        if (version.equals("latest") || version.equals("-1")) {
            return store.latest(subject);
        }
        try {
            return store.version(subject, Integer.parseInt(version));
        } catch (NumberFormatException e) {
            throw new SchemaRegistryException("The specified version '" + version + "' is not a valid version id."
                    + " Allowed values are between [1, 2^31-1] and the string \"latest\"", 422,
                    SchemaRegistryException.INVALID_VERSION);
        }
    }

    private ObjectNode schemaById(String id) {
        int parsed;
        try {
            parsed = Integer.parseInt(id);
        } catch (NumberFormatException e) {
            throw new SchemaNotFoundException("Schema " + id + " not found", SchemaRegistryException.SCHEMA_NOT_FOUND);
        }
        return RegistryJson.object().put("schema", store.getById(parsed).toString());
    }

    /** Reads {@code {"schema": "...", "schemaType"?: "AVRO", "references"?: []}}, accepting Avro only. */
    private static Schema schemaOf(InputStream body) throws IOException {
        byte[] bytes = body.readNBytes(MAX_BODY_BYTES + 1);
        if (bytes.length > MAX_BODY_BYTES) {
            throw new SchemaRegistryException("Request body larger than " + MAX_BODY_BYTES + " bytes", 413, 413);
        }
        JsonNode request;
        try {
            request = RegistryJson.read(bytes);
        } catch (IOException e) {
            throw new SchemaRegistryException("Request body is not JSON: " + e.getMessage(), 400, 400);
        }
        JsonNode type = request.get("schemaType");
        if (type != null && !type.isNull() && !type.asText().equals("AVRO")) {
            throw new SchemaRegistryException("Unsupported schema type " + type.asText()
                    + "; this registry stores Avro schemas only", 422, SchemaRegistryException.INVALID_SCHEMA);
        }
        JsonNode references = request.get("references");
        if (references != null && references.isArray() && !references.isEmpty()) {
            throw new SchemaRegistryException("Schema references are not supported by this registry", 422,
                    SchemaRegistryException.INVALID_SCHEMA);
        }
        JsonNode text = request.get("schema");
        if (text == null || !text.isTextual() || text.asText().isBlank()) {
            throw new SchemaRegistryException("Empty schema", 422, SchemaRegistryException.INVALID_SCHEMA);
        }
        return RegistryJson.parseSchema(text.asText());
    }

    /** Splits a raw path into decoded segments, so an encoded '/' inside a subject name stays part of it. */
    private static List<String> segments(String rawPath) {
        List<String> segments = new ArrayList<>();
        for (String raw : rawPath.split("/")) {
            if (!raw.isEmpty()) {
                segments.add(URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8));
            }
        }
        return segments;
    }

    private static void send(HttpExchange exchange, Answer answer) throws IOException {
        byte[] bytes = RegistryJson.write(answer.body());
        exchange.getResponseHeaders().set("Content-Type", RegistryJson.CONTENT_TYPE);
        exchange.sendResponseHeaders(answer.status(), bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private record Answer(int status, JsonNode body) {
    }

    @FunctionalInterface
    private interface JsonBody {
        JsonNode get() throws IOException;
    }
}

package io.vigil.serdes.registry;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.avro.Schema;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link SchemaRegistryClient} for any registry that speaks the Confluent REST API (Confluent Schema Registry,
 * Redpanda, Karapace, Apicurio's ccompat API, {@link EmbeddedSchemaRegistry}).
 *
 * <p>Ids and schemas never change once assigned, so both directions are cached for the client's lifetime:
 * after the first lookup, {@link #register}, {@link #getId} and {@link #getById} answer without an HTTP call.
 * {@link #latest} and {@link #subjects} always ask the registry, because their answers change as versions are
 * added. Several comma-separated URLs are tried in turn when one cannot be reached.
 */
public final class RestSchemaRegistryClient implements SchemaRegistryClient {

    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private final RegistryTransport transport;
    private final Map<Integer, Schema> schemasById = new ConcurrentHashMap<>();
    private final Map<SubjectSchema, Integer> idsBySubjectSchema = new ConcurrentHashMap<>();

    /** A client for comma-separated {@code urls} with the default timeouts and no authentication. */
    public RestSchemaRegistryClient(String urls) {
        this(parseUrls(urls), DEFAULT_CONNECT_TIMEOUT, DEFAULT_REQUEST_TIMEOUT, Optional.empty());
    }

    /**
     * @param urls registry base URLs, tried in order when one cannot be reached
     * @param connectTimeout how long to wait for a TCP connection before trying the next URL
     * @param requestTimeout how long to wait for an answer once a request is sent
     * @param basicAuthUserInfo {@code user:password} for HTTP basic authentication; when empty, the user info of a
     *     URL ({@code http://user:password@host}) is used if there is one
     */
    public RestSchemaRegistryClient(List<URI> urls, Duration connectTimeout, Duration requestTimeout,
            Optional<String> basicAuthUserInfo) {
        this.transport = new RegistryTransport(urls, connectTimeout, requestTimeout, basicAuthUserInfo);
    }

    /**
     * Parses comma-separated registry URLs.
     *
     * @throws IllegalArgumentException when there is none, or one is not an absolute http(s) URL with a host
     */
    public static List<URI> parseUrls(String urls) {
        List<URI> parsed = new ArrayList<>();
        for (String url : Arrays.asList(urls.split(","))) {
            String trimmed = url.trim();
            if (trimmed.isEmpty()) {
                continue;
            }
            URI uri;
            try {
                uri = URI.create(trimmed);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("'" + trimmed + "' is not a URL: " + e.getMessage(), e);
            }
            if (!("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))
                    || uri.getHost() == null) {
                throw new IllegalArgumentException("'" + trimmed + "' is not an http:// or https:// URL with a host");
            }
            parsed.add(uri);
        }
        if (parsed.isEmpty()) {
            throw new IllegalArgumentException("No schema registry URL in '" + urls + "'");
        }
        return parsed;
    }

    @Override
    public int register(String subject, Schema schema) {
        SubjectSchema key = new SubjectSchema(subject, schema);
        Integer cached = idsBySubjectSchema.get(key);
        if (cached != null) {
            return cached;
        }
        String path = "/subjects/" + RegistryTransport.segment(subject) + "/versions";
        JsonNode answer = transport.post(path, RegistryJson.schemaRequest(schema));
        int id = RegistryJson.intField(answer, "id", "POST " + path);
        remember(subject, schema, id);
        return id;
    }

    @Override
    public int getId(String subject, Schema schema) {
        Integer cached = idsBySubjectSchema.get(new SubjectSchema(subject, schema));
        if (cached != null) {
            return cached;
        }
        String path = "/subjects/" + RegistryTransport.segment(subject);
        JsonNode answer = transport.post(path, RegistryJson.schemaRequest(schema));
        int id = RegistryJson.intField(answer, "id", "POST " + path);
        remember(subject, schema, id);
        return id;
    }

    @Override
    public Schema getById(int id) {
        Schema cached = schemasById.get(id);
        if (cached != null) {
            return cached;
        }
        String path = "/schemas/ids/" + id;
        Schema schema = RegistryJson.schemaField(transport.get(path), "GET " + path);
        Schema previous = schemasById.putIfAbsent(id, schema);
        return previous != null ? previous : schema;
    }

    @Override
    public RegisteredSchema latest(String subject) {
        String path = "/subjects/" + RegistryTransport.segment(subject) + "/versions/latest";
        JsonNode answer = transport.get(path);
        String source = "GET " + path;
        RegisteredSchema latest = new RegisteredSchema(subject, RegistryJson.intField(answer, "id", source),
                RegistryJson.intField(answer, "version", source), RegistryJson.schemaField(answer, source));
        remember(subject, latest.schema(), latest.id());
        return latest;
    }

    @Override
    public List<String> subjects() {
        JsonNode answer = transport.get("/subjects");
        if (!answer.isArray()) {
            throw new SchemaRegistryException("GET /subjects answered with something other than a JSON array: "
                    + answer, SchemaRegistryException.NO_RESPONSE, SchemaRegistryException.NO_RESPONSE);
        }
        List<String> subjects = new ArrayList<>();
        answer.forEach(subject -> subjects.add(subject.asText()));
        subjects.sort(null);
        return List.copyOf(subjects);
    }

    @Override
    public String toString() {
        return "schema registry at " + String.join(",", transport.baseUrls());
    }

    private void remember(String subject, Schema schema, int id) {
        idsBySubjectSchema.putIfAbsent(new SubjectSchema(subject, schema), id);
        schemasById.putIfAbsent(id, schema);
    }

    /** Cache key; {@link Schema} caches its own hash code, so lookups stay cheap. */
    private record SubjectSchema(String subject, Schema schema) {
    }
}

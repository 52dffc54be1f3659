package io.vigil.serdes.registry;

import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.Incompatibility;
import org.apache.avro.SchemaCompatibility.SchemaPairCompatibility;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * A schema registry held in memory, with Confluent's rules: global ids starting at 1, the same schema text gets the
 * same id under every subject, versions numbered from 1 per subject, re-registering a schema the subject already
 * holds returns its id without a new version, and a new version must be BACKWARD compatible with the latest one
 * (it can read what the latest wrote), else {@link IncompatibleSchemaException} (HTTP 409).
 *
 * <p>One implementation backs both {@code mock://} scopes and {@link EmbeddedSchemaRegistry}, so a schema behaves the
 * same whether a test registered it in-process or a Confluent client registered it over HTTP. Registry calls are
 * rare (the serde caches ids), so every method simply synchronises on the store.
 */
public final class InMemorySchemaStore implements SchemaRegistryClient {

    /** The only compatibility level this store applies, as Confluent names it. */
    public static final String COMPATIBILITY = "BACKWARD";

    private final Map<String, Integer> idsBySchemaText = new HashMap<>();
    private final Map<Integer, Schema> schemasById = new HashMap<>();
    private final Map<String, List<RegisteredSchema>> versionsBySubject = new TreeMap<>();
    private int nextId = 1;

    @Override
    public synchronized int register(String subject, Schema schema) {
        return registerVersion(subject, schema).id();
    }

    private RegisteredSchema registerVersion(String subject, Schema schema) {
        List<RegisteredSchema> versions = versionsBySubject.computeIfAbsent(subject, s -> new ArrayList<>());
        String text = schema.toString();
        for (RegisteredSchema existing : versions) {
            if (existing.schema().toString().equals(text)) {
                return existing;
            }
        }
        if (!versions.isEmpty()) {
            requireBackwardCompatible(subject, schema, versions.get(versions.size() - 1));
        }
        Integer id = idsBySchemaText.get(text);
        if (id == null) {
            id = nextId++;
            idsBySchemaText.put(text, id);
            // A parsed copy, as a remote registry would hand back: the caller's instance may be changed later.
            schemasById.put(id, RegistryJson.parseSchema(text));
        }
        RegisteredSchema registered = new RegisteredSchema(subject, id, versions.size() + 1, schemasById.get(id));
        versions.add(registered);
        return registered;
    }

    @Override
    public synchronized int getId(String subject, Schema schema) {
        return lookup(subject, schema).id();
    }

    /** Finds the version of {@code subject} that holds {@code schema}. */
    public synchronized RegisteredSchema lookup(String subject, Schema schema) {
        String text = schema.toString();
        return subjectVersions(subject).stream()
                .filter(v -> v.schema().toString().equals(text))
                .findFirst()
                .orElseThrow(() -> new SchemaNotFoundException(
                        "Schema not found under subject '" + subject + "'", SchemaRegistryException.SCHEMA_NOT_FOUND));
    }

    @Override
    public synchronized Schema getById(int id) {
        Schema schema = schemasById.get(id);
        if (schema == null) {
            throw new SchemaNotFoundException("Schema " + id + " not found", SchemaRegistryException.SCHEMA_NOT_FOUND);
        }
        return schema;
    }

    @Override
    public synchronized RegisteredSchema latest(String subject) {
        List<RegisteredSchema> versions = subjectVersions(subject);
        return versions.get(versions.size() - 1);
    }

    /** Reads version {@code version} (from 1) of {@code subject}. */
    public synchronized RegisteredSchema version(String subject, int version) {
        List<RegisteredSchema> versions = subjectVersions(subject);
        if (version < 1 || version > versions.size()) {
            throw new SchemaNotFoundException("Version " + version + " not found for subject '" + subject + "'",
                    SchemaRegistryException.VERSION_NOT_FOUND);
        }
        return versions.get(version - 1);
    }

    /** The version numbers of {@code subject}, ascending. */
    public synchronized List<Integer> versions(String subject) {
        return subjectVersions(subject).stream().map(RegisteredSchema::version).toList();
    }

    @Override
    public synchronized List<String> subjects() {
        return List.copyOf(versionsBySubject.keySet());
    }

    private List<RegisteredSchema> subjectVersions(String subject) {
        List<RegisteredSchema> versions = versionsBySubject.get(subject);
        if (versions == null || versions.isEmpty()) {
            throw new SchemaNotFoundException("Subject '" + subject + "' not found",
                    SchemaRegistryException.SUBJECT_NOT_FOUND);
        }
        return versions;
    }

    @Override
    public String toString() {
        return "in-memory schema registry";
    }

    private static void requireBackwardCompatible(String subject, Schema candidate, RegisteredSchema latest) {
        SchemaPairCompatibility result = SchemaCompatibility.checkReaderWriterCompatibility(candidate, latest.schema());
        if (result.getType() != SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
            String details = result.getResult().getIncompatibilities().stream()
                    .map(InMemorySchemaStore::describe)
                    .collect(Collectors.joining("; "));
            throw new IncompatibleSchemaException("Schema being registered is incompatible with an earlier schema for"
                    + " subject '" + subject + "' (" + COMPATIBILITY + ", checked against version " + latest.version()
                    + ", id " + latest.id() + "): " + details);
        }
    }

    private static String describe(Incompatibility incompatibility) {
        return incompatibility.getType() + " at " + incompatibility.getLocation() + ": " + incompatibility.getMessage();
    }
}

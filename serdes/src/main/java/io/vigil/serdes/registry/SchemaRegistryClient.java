package io.vigil.serdes.registry;

import org.apache.avro.Schema;

import java.util.List;

/**
 * The part of a Confluent-compatible Schema Registry that a serde needs: register a schema under a subject,
 * find the id of one already registered, fetch a schema by its global id, and read a subject's latest version.
 *
 * <p>It exists so the serde does not care whether the registry is a remote server, the embedded one or an
 * in-process {@code mock://} scope. Implementations are thread-safe. Failures surface as
 * {@link SchemaRegistryException} (or its subclasses), carrying the HTTP status and Confluent error code.
 */
public interface SchemaRegistryClient {

    /**
     * Registers {@code schema} under {@code subject} ({@code POST /subjects/{subject}/versions}). Registering a
     * schema the subject already holds returns its existing id.
     *
     * @return the schema's global id
     * @throws IncompatibleSchemaException when the subject's compatibility rule rejects the schema (HTTP 409)
     */
    int register(String subject, Schema schema);

    /**
     * Looks up the id of a schema already registered under {@code subject} ({@code POST /subjects/{subject}})
     * without registering it.
     *
     * @throws SchemaNotFoundException when the subject does not exist or does not hold this schema
     */
    int getId(String subject, Schema schema);

    /**
     * Fetches the schema with global id {@code id} ({@code GET /schemas/ids/{id}}).
     *
     * @throws SchemaNotFoundException when no schema has this id
     */
    Schema getById(int id);

    /**
     * Reads the latest version registered under {@code subject} ({@code GET /subjects/{subject}/versions/latest}).
     *
     * @throws SchemaNotFoundException when the subject does not exist
     */
    RegisteredSchema latest(String subject);

    /** Lists every subject the registry holds ({@code GET /subjects}), sorted. */
    List<String> subjects();
}

package io.vigil.serdes.registry;

import org.apache.avro.Schema;

import java.util.Objects;

/**
 * One version of a subject: the schema, its global id and its version number within the subject.
 *
 * @param subject the subject, e.g. {@code vigil.transactions-value}
 * @param id the schema's global id, the one written into every record's header
 * @param version the version within the subject, starting at 1
 * @param schema the schema itself
 */
public record RegisteredSchema(String subject, int id, int version, Schema schema) {

    public RegisteredSchema {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(schema, "schema");
    }
}

package io.vigil.serdes;

import io.vigil.serdes.registry.RegisteredSchema;
import io.vigil.serdes.registry.SchemaRegistryClient;
import io.vigil.serdes.registry.SchemaRegistryException;

import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

import java.io.IOException;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Serializes generated Avro records in Confluent's wire format: magic byte 0, the schema's 4-byte big-endian
 * registry id, then the Avro binary body, with the schema registered under {@code <topic>-value} (or
 * {@code <topic>-key}) as Confluent's {@code KafkaAvroSerializer} does, so either serde can read what the other
 * wrote.
 *
 * <p>The registry is asked once per (topic, schema); after that a record costs one Avro encoding into a per-thread
 * buffer and one array copy. Safe to call from several threads at once, as a shared producer does. {@code null}
 * serializes to {@code null}, so tombstones pass through.
 *
 * @param <T> the generated record type
 */
public class SpecificAvroSerializer<T extends SpecificRecord> implements Serializer<T> {

    private final SchemaRegistryClient injectedRegistry;
    private final ConcurrentMap<TopicSchema, TopicWriter<T>> writers = new ConcurrentHashMap<>();
    private volatile Settings settings;
    private volatile TopicWriter<T> lastUsed;

    /** For Kafka to instantiate by class name; {@link #configure} then creates the registry client. */
    public SpecificAvroSerializer() {
        this.injectedRegistry = null;
    }

    /**
     * Uses {@code registry} instead of one built from {@code schema.registry.url}. Usable without
     * {@link #configure} (as a value serializer that auto-registers schemas).
     */
    public SpecificAvroSerializer(SchemaRegistryClient registry) {
        this.injectedRegistry = Objects.requireNonNull(registry, "registry");
        this.settings = new Settings(registry, false, true, false);
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        AvroSerdeConfig config = new AvroSerdeConfig(configs);
        configure(config, isKey, injectedRegistry != null ? injectedRegistry : config.createRegistryClient());
    }

    void configure(AvroSerdeConfig config, boolean isKey, SchemaRegistryClient registry) {
        settings = new Settings(registry, isKey, config.autoRegisterSchemas(), config.useLatestVersion());
        writers.clear();
        lastUsed = null;
    }

    @Override
    public byte[] serialize(String topic, T record) {
        if (record == null) {
            return null;
        }
        Schema schema = record.getSchema();
        TopicWriter<T> writer = lastUsed;
        if (writer == null || !writer.serves(topic, schema)) {
            writer = writerFor(new TopicSchema(topic, schema), record);
            lastUsed = writer;
        }
        try {
            return writer.write(record);
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("Could not serialize " + schema.getFullName() + " for topic '" + topic
                    + "' (schema id " + writer.schemaId() + "): " + e, e);
        }
    }

    /**
     * The cached writer, or a new one. Not built inside {@code computeIfAbsent}: that would hold a map lock across a
     * registry call of up to the request timeout. Two threads may both build one; registering is idempotent, so
     * they agree on the id and the first stored wins.
     */
    private TopicWriter<T> writerFor(TopicSchema key, T record) {
        TopicWriter<T> cached = writers.get(key);
        if (cached != null) {
            return cached;
        }
        TopicWriter<T> created = newWriter(key, record);
        TopicWriter<T> raced = writers.putIfAbsent(key, created);
        return raced != null ? raced : created;
    }

    private TopicWriter<T> newWriter(TopicSchema key, T record) {
        Settings current = requireSettings();
        String subject = WireFormat.subject(key.topic(), current.isKey());
        int id = schemaId(current, key.topic(), subject, key.schema());
        SpecificDatumWriter<T> datumWriter = new SpecificDatumWriter<>(key.schema(),
                SpecificData.getForClass(record.getClass()));
        return new TopicWriter<>(key.topic(), key.schema(), id, datumWriter);
    }

    private int schemaId(Settings current, String topic, String subject, Schema schema) {
        SchemaRegistryClient registry = current.registry();
        String what = "schema " + schema.getFullName() + " under subject '" + subject + "' for topic '" + topic
                + "' in " + registry;
        try {
            if (current.autoRegister()) {
                return registry.register(subject, schema);
            }
            if (current.useLatestVersion()) {
                return latestWithSameLayout(registry.latest(subject), schema, what);
            }
            return registry.getId(subject, schema);
        } catch (SchemaRegistryException e) {
            String action = current.autoRegister() ? "register" : "look up";
            throw new SerializationException("Could not " + action + " " + what + " ("
                    + AvroSerdeConfig.AUTO_REGISTER_SCHEMAS + "=" + current.autoRegister() + "): " + e.getMessage(), e);
        }
    }

    /**
     * The record is written as it is, so the latest version's id may label it only if that version lays out the
     * same bytes (same parsing canonical form; docs, defaults and properties may differ).
     */
    private static int latestWithSameLayout(RegisteredSchema latest, Schema schema, String what) {
        if (SchemaNormalization.parsingFingerprint64(latest.schema())
                != SchemaNormalization.parsingFingerprint64(schema)) {
            throw new SerializationException("With " + AvroSerdeConfig.USE_LATEST_VERSION + "=true, the latest version ("
                    + latest.version() + ", id " + latest.id() + ") of " + what
                    + " must have the record's binary layout, and it does not: " + latest.schema());
        }
        return latest.id();
    }

    private Settings requireSettings() {
        Settings current = settings;
        if (current == null) {
            throw new IllegalStateException("SpecificAvroSerializer used before configure(): set "
                    + AvroSerdeConfig.SCHEMA_REGISTRY_URL + " and call configure(configs, isKey) first");
        }
        return current;
    }

    private record Settings(SchemaRegistryClient registry, boolean isKey, boolean autoRegister,
            boolean useLatestVersion) {
    }

    private record TopicSchema(String topic, Schema schema) {
    }
}

package io.vigil.serdes;

import io.vigil.serdes.registry.SchemaNotFoundException;
import io.vigil.serdes.registry.SchemaRegistryClient;
import io.vigil.serdes.registry.SchemaRegistryException;

import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaPairCompatibility;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.stream.Collectors;

/**
 * Reads records in Confluent's wire format into a generated Avro class. The writer's schema comes from the
 * registry by the id in the record's header and is resolved against the generated class's schema, so a record
 * written with an older schema reads fine after a field with a default has been added.
 *
 * <p>The registry is asked once per schema id; after that a record costs one Avro decoding. Bytes that are not a
 * readable record (wrong magic byte, too short, unknown schema id, truncated or undecodable body) raise a
 * {@link SerializationException} naming the topic and what was wrong, never a silent {@code null}, so Kafka Streams'
 * deserialization handler can route them to the dead-letter queue. {@code null} deserializes to {@code null}.
 * Safe to call from several threads at once.
 *
 * @param <T> the generated record type
 */
public class SpecificAvroDeserializer<T extends SpecificRecord> implements Deserializer<T> {

    private final Class<T> type;
    private final SchemaRegistryClient injectedRegistry;
    private final ConcurrentMap<Integer, SchemaReader<T>> readers = new ConcurrentHashMap<>();
    private volatile SchemaRegistryClient registry;
    private volatile SchemaReader<T> lastUsed;

    /**
     * For Kafka to instantiate by class name: each record is read into the generated class its writer schema
     * names, which must be on the classpath.
     */
    public SpecificAvroDeserializer() {
        this.type = null;
        this.injectedRegistry = null;
    }

    /** Reads every record into {@code type}; {@link #configure} then creates the registry client. */
    public SpecificAvroDeserializer(Class<T> type) {
        this.type = Objects.requireNonNull(type, "type");
        this.injectedRegistry = null;
    }

    /** Reads every record into {@code type} using {@code registry}; usable without {@link #configure}. */
    public SpecificAvroDeserializer(Class<T> type, SchemaRegistryClient registry) {
        this.type = Objects.requireNonNull(type, "type");
        this.injectedRegistry = Objects.requireNonNull(registry, "registry");
        this.registry = registry;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        AvroSerdeConfig config = new AvroSerdeConfig(configs);
        configure(injectedRegistry != null ? injectedRegistry : config.createRegistryClient());
    }

    void configure(SchemaRegistryClient configured) {
        registry = configured;
        readers.clear();
        lastUsed = null;
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        return read(topic, data, 0, data.length);
    }

    @Override
    public T deserialize(String topic, Headers headers, ByteBuffer data) {
        if (data == null) {
            return null;
        }
        if (data.hasArray()) {
            return read(topic, data.array(), data.arrayOffset() + data.position(), data.remaining());
        }
        byte[] copy = new byte[data.remaining()];
        data.duplicate().get(copy);
        return read(topic, copy, 0, copy.length);
    }

    private T read(String topic, byte[] bytes, int offset, int length) {
        if (length < WireFormat.HEADER_SIZE) {
            throw new SerializationException("Record from topic '" + topic + "' is " + length + " bytes long, too short"
                    + " for the Schema Registry wire format (magic byte 0, a 4-byte schema id, then Avro)");
        }
        if (bytes[offset] != WireFormat.MAGIC_BYTE) {
            throw new SerializationException(String.format("Unknown magic byte 0x%02x in a record from topic '%s':"
                    + " expected 0x00, so it was not written by a Schema Registry Avro serializer",
                    bytes[offset] & 0xff, topic));
        }
        int schemaId = WireFormat.schemaId(bytes, offset);
        SchemaReader<T> reader = lastUsed;
        if (reader == null || reader.schemaId() != schemaId) {
            reader = readerFor(topic, schemaId);
            lastUsed = reader;
        }
        int bodyLength = length - WireFormat.HEADER_SIZE;
        try {
            return reader.read(bytes, offset + WireFormat.HEADER_SIZE, bodyLength);
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("Could not decode the Avro body of a record from topic '" + topic
                    + "' with schema id " + schemaId + " (" + reader.writerSchema().getFullName() + ", " + bodyLength
                    + " bytes): " + describe(e), e);
        }
    }

    private SchemaReader<T> readerFor(String topic, int schemaId) {
        SchemaReader<T> cached = readers.get(schemaId);
        if (cached != null) {
            return cached;
        }
        SchemaReader<T> created = newReader(topic, schemaId, writerSchema(topic, schemaId));
        SchemaReader<T> raced = readers.putIfAbsent(schemaId, created);
        return raced != null ? raced : created;
    }

    private Schema writerSchema(String topic, int schemaId) {
        SchemaRegistryClient current = registry;
        if (current == null) {
            throw new IllegalStateException("SpecificAvroDeserializer used before configure(): set "
                    + AvroSerdeConfig.SCHEMA_REGISTRY_URL + " and call configure(configs, isKey) first");
        }
        try {
            return current.getById(schemaId);
        } catch (SchemaNotFoundException e) {
            throw new SerializationException("Unknown schema id " + schemaId + " in a record from topic '" + topic
                    + "': " + current + " has no schema with this id (" + e.getMessage() + ")", e);
        } catch (SchemaRegistryException e) {
            throw new SerializationException("Could not fetch schema id " + schemaId + " for a record from topic '"
                    + topic + "' from " + current + ": " + e.getMessage(), e);
        }
    }

    @SuppressWarnings("unchecked")
    private SchemaReader<T> newReader(String topic, int schemaId, Schema writerSchema) {
        Class<?> target = type != null ? type : SpecificData.get().getClass(writerSchema);
        if (target == null || !SpecificRecord.class.isAssignableFrom(target)) {
            throw new SerializationException("Record from topic '" + topic + "' has schema id " + schemaId + " ("
                    + writerSchema.getFullName() + "), but no generated Avro class of that name is on the classpath");
        }
        SpecificData model = SpecificData.getForClass(target);
        Schema readerSchema = model.getSchema(target);
        SchemaPairCompatibility compatibility =
                SchemaCompatibility.checkReaderWriterCompatibility(readerSchema, writerSchema);
        if (compatibility.getType() != SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
            String reasons = compatibility.getResult().getIncompatibilities().stream()
                    .map(i -> i.getType() + " at " + i.getLocation() + ": " + i.getMessage())
                    .collect(Collectors.joining("; "));
            throw new SerializationException("Record from topic '" + topic + "' has schema id " + schemaId + " ("
                    + writerSchema.getFullName() + "), which " + target.getName() + " cannot read: " + reasons);
        }
        return new SchemaReader<>(schemaId, writerSchema,
                new SpecificDatumReader<>(writerSchema, readerSchema, model));
    }

    private static String describe(Exception e) {
        if (e instanceof EOFException) {
            return "the body ended early (truncated record, or not written with this schema)";
        }
        return e.toString();
    }
}

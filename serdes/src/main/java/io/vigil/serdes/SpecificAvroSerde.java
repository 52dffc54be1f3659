package io.vigil.serdes;

import io.vigil.serdes.registry.SchemaRegistryClient;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

import java.util.Map;
import java.util.Objects;

/**
 * The serde to pass at every Kafka Streams boundary for a generated Avro type: a {@link SpecificAvroSerializer} and
 * a {@link SpecificAvroDeserializer} sharing one registry client, so a schema the serializer registered is known to
 * the deserializer without another registry call. Byte-compatible with Confluent's {@code SpecificAvroSerde}.
 *
 * @param <T> the generated record type
 */
public class SpecificAvroSerde<T extends SpecificRecord> implements Serde<T> {

    private final SchemaRegistryClient injectedRegistry;
    private final SpecificAvroSerializer<T> serializer;
    private final SpecificAvroDeserializer<T> deserializer;

    /**
     * For Kafka Streams to instantiate by class name ({@code default.value.serde}): records are read into the
     * generated class their writer schema names.
     */
    public SpecificAvroSerde() {
        this.injectedRegistry = null;
        this.serializer = new SpecificAvroSerializer<>();
        this.deserializer = new SpecificAvroDeserializer<>();
    }

    /** A serde for {@code type}; {@link #configure} creates the registry client from {@code schema.registry.url}. */
    public SpecificAvroSerde(Class<T> type) {
        this.injectedRegistry = null;
        this.serializer = new SpecificAvroSerializer<>();
        this.deserializer = new SpecificAvroDeserializer<>(type);
    }

    /** A serde for {@code type} over {@code registry}; usable without {@link #configure} (values, auto-register). */
    public SpecificAvroSerde(Class<T> type, SchemaRegistryClient registry) {
        this.injectedRegistry = Objects.requireNonNull(registry, "registry");
        this.serializer = new SpecificAvroSerializer<>(registry);
        this.deserializer = new SpecificAvroDeserializer<>(type, registry);
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        AvroSerdeConfig config = new AvroSerdeConfig(configs);
        SchemaRegistryClient registry = injectedRegistry != null ? injectedRegistry : config.createRegistryClient();
        serializer.configure(config, isKey, registry);
        deserializer.configure(registry);
    }

    @Override
    public Serializer<T> serializer() {
        return serializer;
    }

    @Override
    public Deserializer<T> deserializer() {
        return deserializer;
    }
}

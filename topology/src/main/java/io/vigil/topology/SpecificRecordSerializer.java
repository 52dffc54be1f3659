package io.vigil.topology;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A sink serializer for a processor that forwards {@link SpecificRecord}s of several types to several sinks:
 * each sink only ever receives its own type, so the cast is safe, and a wrong wiring fails loudly with a
 * {@link ClassCastException} instead of writing the wrong schema.
 */
final class SpecificRecordSerializer<V extends SpecificRecord> implements Serializer<SpecificRecord> {

    private final Serializer<V> serializer;
    private final Class<V> type;

    private SpecificRecordSerializer(Serializer<V> serializer, Class<V> type) {
        this.serializer = serializer;
        this.type = type;
    }

    static <V extends SpecificRecord> Serializer<SpecificRecord> of(Serde<V> serde, Class<V> type) {
        return new SpecificRecordSerializer<>(serde.serializer(), type);
    }

    @Override
    public byte[] serialize(String topic, SpecificRecord value) {
        return serializer.serialize(topic, value == null ? null : type.cast(value));
    }

    @Override
    public byte[] serialize(String topic, Headers headers, SpecificRecord value) {
        return serializer.serialize(topic, headers, value == null ? null : type.cast(value));
    }

    @Override
    public void close() {
        serializer.close();
    }
}

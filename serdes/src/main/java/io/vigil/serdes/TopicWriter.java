package io.vigil.serdes;

import org.apache.avro.Schema;
import org.apache.avro.io.DatumWriter;

import java.io.IOException;

/**
 * Everything the serializer needs for one (topic, schema) pair, resolved once: the registry id, the five header
 * bytes and the Avro datum writer. Immutable, and Avro's datum writers keep no per-call state, so one instance
 * serves every thread.
 */
final class TopicWriter<T> {

    private final String topic;
    private final Schema schema;
    private final int schemaId;
    private final byte[] header;
    private final DatumWriter<T> writer;

    TopicWriter(String topic, Schema schema, int schemaId, DatumWriter<T> writer) {
        this.topic = topic;
        this.schema = schema;
        this.schemaId = schemaId;
        this.header = WireFormat.header(schemaId);
        this.writer = writer;
    }

    /**
     * Whether this writer is the one for {@code topic} and {@code schema}. Generated classes share one schema
     * instance, so identity is the fast and sufficient test here.
     */
    boolean serves(String topic, Schema schema) {
        return this.schema == schema && this.topic.equals(topic);
    }

    int schemaId() {
        return schemaId;
    }

    byte[] write(T record) throws IOException {
        return FrameBuffer.frame(header, writer, record);
    }
}

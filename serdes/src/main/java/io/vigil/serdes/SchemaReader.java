package io.vigil.serdes;

import org.apache.avro.Schema;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;

import java.io.IOException;

/**
 * Reads bodies written with one registry schema id into the generated class, resolving the writer's schema against
 * the class's own (so records written before a field was added read with that field's default). Built once per id;
 * Avro's datum readers are safe to share between threads, and the binary decoder is reused per thread.
 */
final class SchemaReader<T> {

    private static final ThreadLocal<BinaryDecoder> DECODER = new ThreadLocal<>();

    private final int schemaId;
    private final Schema writerSchema;
    private final DatumReader<T> reader;

    SchemaReader(int schemaId, Schema writerSchema, DatumReader<T> reader) {
        this.schemaId = schemaId;
        this.writerSchema = writerSchema;
        this.reader = reader;
    }

    int schemaId() {
        return schemaId;
    }

    Schema writerSchema() {
        return writerSchema;
    }

    T read(byte[] bytes, int offset, int length) throws IOException {
        BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(bytes, offset, length, DECODER.get());
        DECODER.set(decoder);
        return reader.read(null, decoder);
    }
}

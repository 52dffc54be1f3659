package io.vigil.serdes;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vigil.events.Alert;
import io.vigil.events.Transaction;
import io.vigil.serdes.registry.InMemorySchemaStore;
import io.vigil.serdes.registry.MockSchemaRegistry;

import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Map;

/** The bytes on the topic must be exactly what Confluent's KafkaAvroSerializer would write. */
class WireFormatTest {

    private static final String SCOPE = "wire-format-test";
    private static final Map<String, String> CONFIG = Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL,
            MockSchemaRegistry.URL_PREFIX + SCOPE);

    @AfterEach
    void dropScope() {
        MockSchemaRegistry.dropScope(SCOPE);
    }

    @Test
    void shouldWriteMagicByteBigEndianIdAndPlainAvroWhenSchemaIdNeedsSeveralBytes() throws IOException {
        // Given a registry that already holds 300 schemas, so Transaction gets id 301 = 0x0000012D
        InMemorySchemaStore store = MockSchemaRegistry.store(SCOPE);
        for (int i = 0; i < 300; i++) {
            store.register("filler-" + i, SchemaBuilder.record("Filler" + i).fields().requiredInt("n").endRecord());
        }
        Transaction transaction = TestEvents.cardPresentTransaction();
        Serializer<Transaction> serializer = AvroSerdes.specific(Transaction.class, CONFIG, false).serializer();

        // When the transaction is serialized
        byte[] bytes = serializer.serialize("vigil.transactions", transaction);

        // Then byte 0 is the magic byte, bytes 1..4 the id big-endian, and the rest Avro's own binary encoding
        assertEquals(301, store.getId("vigil.transactions-value", Transaction.getClassSchema()));
        assertArrayEquals(new byte[] {0, 0x00, 0x00, 0x01, 0x2D}, Arrays.copyOfRange(bytes, 0, 5));
        assertArrayEquals(plainAvro(transaction), Arrays.copyOfRange(bytes, 5, bytes.length));
    }

    @Test
    void shouldRegisterTheGeneratedSchemaTextWhenSerializingFirstRecord() {
        // Given an empty registry
        Serializer<Alert> serializer = AvroSerdes.specific(Alert.class, CONFIG, false).serializer();

        // When the first alert is serialized
        byte[] bytes = serializer.serialize("vigil.alerts", TestEvents.openAlert());

        // Then the registered schema is the generated class's schema, under id 1 and version 1 of <topic>-value
        InMemorySchemaStore store = MockSchemaRegistry.store(SCOPE);
        assertEquals(Alert.getClassSchema().toString(), store.latest("vigil.alerts-value").schema().toString());
        assertEquals(1, store.latest("vigil.alerts-value").id());
        assertEquals(1, store.latest("vigil.alerts-value").version());
        assertArrayEquals(new byte[] {0, 0, 0, 0, 1}, Arrays.copyOfRange(bytes, 0, 5));
        assertArrayEquals(plainAvro(TestEvents.openAlert()), Arrays.copyOfRange(bytes, 5, bytes.length));
    }

    @Test
    void shouldUseTheSameIdWhenTheSameSchemaIsWrittenToTwoTopics() {
        // Given one serializer writing the same record type to two topics
        Serializer<Transaction> serializer = AvroSerdes.specific(Transaction.class, CONFIG, false).serializer();

        // When it writes to both
        byte[] first = serializer.serialize("vigil.transactions", TestEvents.cardPresentTransaction());
        byte[] second = serializer.serialize("vigil.transactions.replay", TestEvents.cardPresentTransaction());

        // Then both subjects hold the schema under the one global id, and the bytes are identical
        Schema schema = Transaction.getClassSchema();
        InMemorySchemaStore store = MockSchemaRegistry.store(SCOPE);
        assertEquals(store.getId("vigil.transactions-value", schema), store.getId("vigil.transactions.replay-value",
                schema));
        assertArrayEquals(first, second);
    }

    /** The record encoded by Avro alone, without any of the serde's code. */
    @SuppressWarnings("unchecked")
    private static <T extends SpecificRecord> byte[] plainAvro(T record) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
            new SpecificDatumWriter<>((Class<T>) record.getClass()).write(record, encoder);
            encoder.flush();
            return out.toByteArray();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}

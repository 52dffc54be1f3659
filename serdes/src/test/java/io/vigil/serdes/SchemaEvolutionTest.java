package io.vigil.serdes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.vigil.events.Channel;
import io.vigil.events.Transaction;
import io.vigil.serdes.registry.MockSchemaRegistry;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.kafka.common.serialization.Deserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Map;

/** Old writer, new reader: records written before fields were added must still read, with the fields' defaults. */
class SchemaEvolutionTest {

    private static final String SCOPE = "schema-evolution-test";
    private static final String TOPIC = "vigil.transactions";

    /** Transaction as a first release might have had it: no category, no channel, no position, no country. */
    private static final Schema TRANSACTION_V1 = new Schema.Parser().parse("""
            {"type": "record", "name": "Transaction", "namespace": "io.vigil.events", "fields": [
              {"name": "eventId", "type": "string"},
              {"name": "cardId", "type": "string"},
              {"name": "timestamp", "type": {"type": "long", "logicalType": "timestamp-millis"}},
              {"name": "amountMinor", "type": "long"},
              {"name": "currency", "type": "string", "default": "EUR"},
              {"name": "merchantId", "type": "string"}
            ]}
            """);

    @AfterEach
    void dropScope() {
        MockSchemaRegistry.dropScope(SCOPE);
    }

    @Test
    void shouldFillAddedFieldsWithDefaultsWhenRecordWasWrittenWithOldSchema() throws IOException {
        // Given a record written by an old producer with the v1 schema, registered under the topic's subject
        int v1Id = MockSchemaRegistry.store(SCOPE).register(TOPIC + "-value", TRANSACTION_V1);
        GenericRecord old = new GenericData.Record(TRANSACTION_V1);
        old.put("eventId", "tx-legacy-1");
        old.put("cardId", "card-4716-0042");
        old.put("timestamp", Instant.parse("2024-02-29T08:15:00.000Z").toEpochMilli());
        old.put("amountMinor", 1_999L);
        old.put("currency", "CHF");
        old.put("merchantId", "merchant-zurich-kiosk-2");
        byte[] bytes = frame(v1Id, old);

        // When today's deserializer reads it
        Deserializer<Transaction> deserializer = AvroSerdes.specific(Transaction.class,
                Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, MockSchemaRegistry.URL_PREFIX + SCOPE), false)
                .deserializer();
        Transaction read = deserializer.deserialize(TOPIC, bytes);

        // Then the old fields keep their values and the added ones take the reader's defaults
        assertEquals("tx-legacy-1", read.getEventId());
        assertEquals(Instant.parse("2024-02-29T08:15:00.000Z"), read.getTimestamp());
        assertEquals(1_999L, read.getAmountMinor());
        assertEquals("CHF", read.getCurrency());
        assertEquals("5411", read.getMerchantCategory());
        assertEquals(Channel.CARD_PRESENT, read.getChannel());
        assertNull(read.getLatitude());
        assertNull(read.getLongitude());
        assertEquals("DE", read.getCountry());
    }

    @Test
    void shouldAcceptCurrentSchemaAsNewVersionWhenOldSchemaIsRegistered() {
        // Given the v1 schema registered under the subject
        MockSchemaRegistry.store(SCOPE).register(TOPIC + "-value", TRANSACTION_V1);

        // When the current Transaction schema is registered after it (the registry checks BACKWARD compatibility)
        int currentId = MockSchemaRegistry.store(SCOPE).register(TOPIC + "-value", Transaction.getClassSchema());

        // Then it becomes version 2 with its own id
        assertEquals(2, MockSchemaRegistry.store(SCOPE).latest(TOPIC + "-value").version());
        assertEquals(2, currentId);
    }

    private static byte[] frame(int schemaId, GenericRecord record) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(body, null);
        new GenericDatumWriter<GenericRecord>(record.getSchema()).write(record, encoder);
        encoder.flush();
        return ByteBuffer.allocate(5 + body.size()).put((byte) 0).putInt(schemaId).put(body.toByteArray()).array();
    }
}

package io.vigil.serdes;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigil.events.Channel;
import io.vigil.events.Telemetry;
import io.vigil.events.Transaction;
import io.vigil.serdes.registry.MockSchemaRegistry;

import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

/** Bad bytes must fail loudly with a message that says which topic and what was wrong, never yield null. */
class DeserializationErrorTest {

    private static final String SCOPE = "deserialization-error-test";
    private static final String TOPIC = "vigil.transactions";
    private static final Map<String, String> CONFIG = Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL,
            MockSchemaRegistry.URL_PREFIX + SCOPE);

    private final Serde<Transaction> serde = AvroSerdes.specific(Transaction.class, CONFIG, false);

    @AfterEach
    void dropScope() {
        MockSchemaRegistry.dropScope(SCOPE);
    }

    @Test
    void shouldNameTopicAndIdWhenSchemaIdIsUnknown() {
        // Given a well-framed record whose schema id 12345 the registry has never assigned
        byte[] bytes = {0, 0, 0, 0x30, 0x39, 2, 'a'};

        // When it is read
        SerializationException error = assertThrows(SerializationException.class,
                () -> serde.deserializer().deserialize(TOPIC, bytes));

        // Then the error names the id, the topic and the registry
        assertContains(error, "Unknown schema id 12345");
        assertContains(error, "topic '" + TOPIC + "'");
        assertContains(error, "mock://" + SCOPE);
    }

    @Test
    void shouldNameMagicByteAndTopicWhenFirstByteIsNotZero() {
        // Given a valid record whose magic byte was overwritten
        byte[] bytes = serde.serializer().serialize(TOPIC, TestEvents.cardPresentTransaction());
        bytes[0] = 1;

        // When it is read, Then the error shows the byte found and the topic
        SerializationException error = assertThrows(SerializationException.class,
                () -> serde.deserializer().deserialize(TOPIC, bytes));
        assertContains(error, "Unknown magic byte 0x01");
        assertContains(error, "topic '" + TOPIC + "'");
    }

    @Test
    void shouldRejectPlainJsonWhenRecordWasNotWrittenByTheSerde() {
        // Given a JSON payload someone produced to the Avro topic
        byte[] json = "{\"eventId\":\"tx-1\"}".getBytes(StandardCharsets.UTF_8);

        // When it is read, Then the error shows the '{' found instead of the magic byte
        SerializationException error = assertThrows(SerializationException.class,
                () -> serde.deserializer().deserialize(TOPIC, json));
        assertContains(error, "Unknown magic byte 0x7b");
    }

    @Test
    void shouldNameLengthWhenRecordIsShorterThanTheHeader() {
        // Given three bytes and no bytes: neither holds a magic byte and a schema id
        byte[] threeBytes = {0, 0, 1};

        // When they are read, Then the error gives the length and the topic
        SerializationException shortError = assertThrows(SerializationException.class,
                () -> serde.deserializer().deserialize(TOPIC, threeBytes));
        assertContains(shortError, "is 3 bytes long");
        assertContains(shortError, "topic '" + TOPIC + "'");
        SerializationException emptyError = assertThrows(SerializationException.class,
                () -> serde.deserializer().deserialize(TOPIC, new byte[0]));
        assertContains(emptyError, "is 0 bytes long");
    }

    @Test
    void shouldSayTheBodyEndedEarlyWhenRecordIsTruncated() {
        // Given a valid record missing its last three bytes
        byte[] bytes = serde.serializer().serialize(TOPIC, TestEvents.cardPresentTransaction());
        byte[] truncated = Arrays.copyOf(bytes, bytes.length - 3);

        // When it is read
        SerializationException error = assertThrows(SerializationException.class,
                () -> serde.deserializer().deserialize(TOPIC, truncated));

        // Then the error names topic, schema id and the writer schema, and says the body ended early
        assertContains(error, "topic '" + TOPIC + "'");
        assertContains(error, "schema id 1 (io.vigil.events.Transaction");
        assertContains(error, "ended early");
    }

    @Test
    void shouldExplainIncompatibilityWhenRecordIsOfAnotherType() {
        // Given a Telemetry record produced to the transactions topic by mistake
        Serde<Telemetry> telemetrySerde = AvroSerdes.specific(Telemetry.class, CONFIG, false);
        byte[] bytes = telemetrySerde.serializer().serialize(TOPIC, TestEvents.telemetry());

        // When the Transaction deserializer reads it
        Deserializer<Transaction> deserializer = serde.deserializer();
        SerializationException error = assertThrows(SerializationException.class,
                () -> deserializer.deserialize(TOPIC, bytes));

        // Then the error says which schema the record has and that Transaction cannot read it
        assertContains(error, "(io.vigil.events.Telemetry), which io.vigil.events.Transaction cannot read");
        assertContains(error, "NAME_MISMATCH");
    }

    @Test
    void shouldNameRecordTypeAndTopicWhenARequiredFieldIsMissing() {
        // Given a transaction built without the builder's checks, its required merchantId left null
        Transaction incomplete = new Transaction();
        incomplete.setEventId("tx-1");
        incomplete.setCardId("card-1");
        incomplete.setTimestamp(TestEvents.NOON);
        incomplete.setAmountMinor(500L);
        incomplete.setCurrency("EUR");
        incomplete.setMerchantCategory("5411");
        incomplete.setChannel(Channel.ECOMMERCE);
        incomplete.setCountry("DE");

        // When it is serialized, Then the error names the type and the topic
        SerializationException error = assertThrows(SerializationException.class,
                () -> serde.serializer().serialize(TOPIC, incomplete));
        assertContains(error, "Could not serialize io.vigil.events.Transaction for topic '" + TOPIC + "'");
        assertContains(error, "merchantId");
    }

    private static void assertContains(Exception error, String expected) {
        assertTrue(error.getMessage().contains(expected),
                () -> "expected the message to contain <" + expected + "> but was <" + error.getMessage() + ">");
    }
}

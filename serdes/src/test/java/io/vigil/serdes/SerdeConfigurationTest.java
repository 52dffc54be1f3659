package io.vigil.serdes;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigil.events.Transaction;
import io.vigil.serdes.registry.InMemorySchemaStore;
import io.vigil.serdes.registry.MockSchemaRegistry;

import org.apache.avro.Schema;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

class SerdeConfigurationTest {

    private static final String SCOPE = "serde-configuration-test";
    private static final String MOCK_URL = MockSchemaRegistry.URL_PREFIX + SCOPE;
    private static final String TOPIC = "vigil.transactions";
    private static final String SUBJECT = TOPIC + "-value";

    @AfterEach
    void dropScope() {
        MockSchemaRegistry.dropScope(SCOPE);
    }

    @Test
    void shouldNameTheKeyWhenSchemaRegistryUrlIsMissing() {
        // Given a configuration without schema.registry.url, When a serde is configured with it
        ConfigException error = assertThrows(ConfigException.class,
                () -> AvroSerdes.specific(Transaction.class, Map.of("bootstrap.servers", "localhost:9092"), false));

        // Then the error names the missing key
        assertTrue(error.getMessage().contains("\"schema.registry.url\""), error.getMessage());
    }

    @Test
    void shouldNameTheKeyWhenSchemaRegistryUrlIsBlank() {
        ConfigException error = assertThrows(ConfigException.class,
                () -> AvroSerdes.specific(Transaction.class, Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, " "), false));

        assertTrue(error.getMessage().contains("schema.registry.url"), error.getMessage());
    }

    @Test
    void shouldNameKeyAndValueWhenSchemaRegistryUrlIsNotHttp() {
        // Given a URL with an unsupported scheme, When the serializer is configured
        SpecificAvroSerializer<Transaction> serializer = new SpecificAvroSerializer<>();
        ConfigException error = assertThrows(ConfigException.class,
                () -> serializer.configure(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, "ftp://registry:8081"), false));

        // Then the error names the key and the bad value
        assertTrue(error.getMessage().contains("schema.registry.url"), error.getMessage());
        assertTrue(error.getMessage().contains("ftp://registry:8081"), error.getMessage());
    }

    @Test
    void shouldRejectMockUrlWhenItIsListedWithOtherUrls() {
        ConfigException error = assertThrows(ConfigException.class, () -> AvroSerdes.specific(Transaction.class,
                Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, MOCK_URL + ",http://localhost:8081"), false));

        assertTrue(error.getMessage().contains("mock:// URL must stand alone"), error.getMessage());
    }

    @Test
    void shouldNameTheKeyWhenABooleanSettingIsNotABoolean() {
        ConfigException error = assertThrows(ConfigException.class, () -> AvroSerdes.specific(Transaction.class,
                Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, MOCK_URL, AvroSerdeConfig.AUTO_REGISTER_SCHEMAS, "maybe"),
                false));

        assertTrue(error.getMessage().contains("auto.register.schemas"), error.getMessage());
    }

    @Test
    void shouldNameSubjectWhenAutoRegisterIsOffAndSchemaIsNotRegistered() {
        // Given auto-registration switched off and an empty registry
        Serializer<Transaction> serializer = serializer(Map.of(AvroSerdeConfig.AUTO_REGISTER_SCHEMAS, "false"));

        // When a transaction is serialized
        SerializationException error = assertThrows(SerializationException.class,
                () -> serializer.serialize(TOPIC, TestEvents.cardPresentTransaction()));

        // Then the error names the subject, the setting and what happened; and nothing was registered
        assertTrue(error.getMessage().contains("subject '" + SUBJECT + "'"), error.getMessage());
        assertTrue(error.getMessage().contains("auto.register.schemas=false"), error.getMessage());
        assertTrue(error.getMessage().contains("not found"), error.getMessage());
        assertEquals(0, MockSchemaRegistry.store(SCOPE).subjects().size());
    }

    @Test
    void shouldUseTheRegisteredIdWhenAutoRegisterIsOffAndSchemaIsRegistered() {
        // Given the schema registered ahead of time (id 2, after another schema)
        InMemorySchemaStore store = MockSchemaRegistry.store(SCOPE);
        store.register("other-value", Schema.create(Schema.Type.STRING));
        store.register(SUBJECT, Transaction.getClassSchema());
        Serializer<Transaction> serializer = serializer(Map.of(AvroSerdeConfig.AUTO_REGISTER_SCHEMAS, false));

        // When a transaction is serialized
        byte[] bytes = serializer.serialize(TOPIC, TestEvents.cardPresentTransaction());

        // Then it carries the registered id
        assertArrayEquals(new byte[] {0, 0, 0, 0, 2}, Arrays.copyOf(bytes, 5));
    }

    @Test
    void shouldWriteLatestIdWhenUseLatestVersionIsOnAndLatestHasTheSameLayout() {
        // Given version 2 of the subject: the same fields as Transaction, only its documentation differs
        InMemorySchemaStore store = MockSchemaRegistry.store(SCOPE);
        store.register(SUBJECT, Transaction.getClassSchema());
        Schema redocumented = new Schema.Parser().parse(Transaction.getClassSchema().toString()
                .replace("One card authorisation.", "One card authorization."));
        int latestId = store.register(SUBJECT, redocumented);
        Serializer<Transaction> serializer = serializer(Map.of(AvroSerdeConfig.AUTO_REGISTER_SCHEMAS, "false",
                AvroSerdeConfig.USE_LATEST_VERSION, "true"));

        // When a transaction is serialized
        byte[] bytes = serializer.serialize(TOPIC, TestEvents.cardPresentTransaction());

        // Then it carries the latest version's id, not the id of the record's own schema text
        assertEquals(2, latestId);
        assertArrayEquals(new byte[] {0, 0, 0, 0, 2}, Arrays.copyOf(bytes, 5));
    }

    @Test
    void shouldRefuseLatestVersionWhenItsLayoutDiffersFromTheRecord() {
        // Given a latest version with one more field than the record's schema
        Schema withExtraField = new Schema.Parser().parse(Transaction.getClassSchema().toString()
                .replace("\"fields\":[", "\"fields\":[{\"name\":\"traceId\",\"type\":\"string\",\"default\":\"\"},"));
        MockSchemaRegistry.store(SCOPE).register(SUBJECT, withExtraField);
        Serializer<Transaction> serializer = serializer(Map.of(AvroSerdeConfig.AUTO_REGISTER_SCHEMAS, "false",
                AvroSerdeConfig.USE_LATEST_VERSION, "true"));

        // When a transaction is serialized, Then it fails naming the setting and the version instead of lying
        SerializationException error = assertThrows(SerializationException.class,
                () -> serializer.serialize(TOPIC, TestEvents.cardPresentTransaction()));
        assertTrue(error.getMessage().contains("use.latest.version=true"), error.getMessage());
        assertTrue(error.getMessage().contains("latest version (1, id 1)"), error.getMessage());
    }

    private static Serializer<Transaction> serializer(Map<String, Object> extra) {
        Map<String, Object> config = new HashMap<>(extra);
        config.put(AvroSerdeConfig.SCHEMA_REGISTRY_URL, MOCK_URL);
        return AvroSerdes.specific(Transaction.class, config, false).serializer();
    }
}

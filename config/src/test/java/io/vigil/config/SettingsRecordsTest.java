package io.vigil.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** The records hold the same rules when built in code as when loaded from settings. */
class SettingsRecordsTest {

    @Test
    void shouldFillOptionalsFromPropertiesWhenBuiltFromPropertiesAlone() {
        // When
        KafkaSettings kafka = KafkaSettings.of(Map.of(
                "bootstrap.servers", "broker:9092", "schema.registry.url", "http://registry:8081"));

        // Then
        assertEquals(Optional.of("broker:9092"), kafka.bootstrapServers());
        assertEquals(Optional.of("http://registry:8081"), kafka.schemaRegistryUrl());
        assertFalse(kafka.embedded());
    }

    @Test
    void shouldWriteOptionalsIntoPropertiesWhenGivenAsOptionals() {
        // When
        KafkaSettings kafka = new KafkaSettings(Optional.of("broker:9092"), Optional.empty(),
                Map.of("acks", "all", "bootstrap.servers", "stale:9092"));

        // Then
        assertEquals(Map.of("acks", "all", "bootstrap.servers", "broker:9092"), kafka.properties());
    }

    @Test
    void shouldNotShareStateWhenCallerChangesItsMapAfterwards() {
        // Given
        Map<String, String> properties = new HashMap<>(Map.of("acks", "all"));
        KafkaSettings kafka = KafkaSettings.of(properties);

        // When
        properties.put("bootstrap.servers", "late:9092");

        // Then
        assertEquals(Map.of("acks", "all"), kafka.properties());
        assertTrue(kafka.embedded());
        assertThrows(UnsupportedOperationException.class, () -> kafka.properties().put("a", "b"));
    }

    @Test
    void shouldHideCredentialsWhenPrinted() {
        // Given
        KafkaSettings kafka = KafkaSettings.of(Map.of(
                "bootstrap.servers", "broker:9092",
                "sasl.jaas.config", "PlainLoginModule required password=\"s3cret\";",
                "ssl.truststore.password", "s3cret",
                "basic.auth.user.info", "user:s3cret"));

        // When
        String printed = kafka.toString();

        // Then
        assertEquals("KafkaSettings[bootstrapServers=Optional[broker:9092], "
                + "schemaRegistryUrl=Optional.empty, properties={basic.auth.user.info=[hidden], "
                + "bootstrap.servers=broker:9092, sasl.jaas.config=[hidden], "
                + "ssl.truststore.password=[hidden]}]", printed);
    }

    @Test
    void shouldRejectThreadsWithSettingNameWhenBuiltInCode() {
        // When
        ConfigException e = assertThrows(ConfigException.class, () -> new StreamsSettings("vigil",
                ProcessingGuarantee.EXACTLY_ONCE_V2, 0, Duration.ofMillis(100), Path.of("state"),
                StoreType.ROCKSDB, 0, Duration.ofSeconds(30)));

        // Then
        assertEquals("Invalid value '0' for vigil.stream.threads: expected an integer between 1 and 64",
                e.getMessage());
    }

    @Test
    void shouldRejectZeroCommitIntervalWhenBuiltInCode() {
        // When
        ConfigException e = assertThrows(ConfigException.class, () -> new StreamsSettings("vigil",
                ProcessingGuarantee.EXACTLY_ONCE_V2, 1, Duration.ZERO, Path.of("state"),
                StoreType.ROCKSDB, 0, Duration.ofSeconds(30)));

        // Then
        assertEquals("Invalid value '0s' for vigil.commit.interval: "
                + "expected a duration > 0 such as 100ms, 30s, 5m, 1h, 2d or PT30S", e.getMessage());
    }

    @Test
    void shouldRejectSharedTopicWhenLateEventsReusesDlq() {
        // When
        ConfigException e = assertThrows(ConfigException.class, () -> new TopicNames("t", "tel",
                "r", "a", "i", "act", "dlq", Optional.of("dlq"), 6, (short) 1));

        // Then
        assertEquals("Invalid value 'dlq' for vigil.topic.late.events: "
                + "expected a topic not already used by vigil.topic.dlq", e.getMessage());
    }

    @Test
    void shouldGiveKafkaNamesWhenAskedForGuaranteeAndStoreValues() {
        // Then
        assertEquals("exactly_once_v2", ProcessingGuarantee.EXACTLY_ONCE_V2.kafkaValue());
        assertEquals("at_least_once", ProcessingGuarantee.AT_LEAST_ONCE.kafkaValue());
        assertEquals("in_memory", StoreType.IN_MEMORY.configValue());
    }
}

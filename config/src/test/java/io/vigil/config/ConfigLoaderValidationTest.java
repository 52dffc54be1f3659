package io.vigil.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Every bad setting stops the load with the key, the value and what is allowed. */
class ConfigLoaderValidationTest {

    private static final String KNOWN = "vigil.application.id, vigil.processing.guarantee, "
            + "vigil.stream.threads, vigil.commit.interval, vigil.state.dir, vigil.state.store, "
            + "vigil.cache.max.bytes, vigil.grace, vigil.topic.transactions, vigil.topic.telemetry, "
            + "vigil.topic.rules, vigil.topic.alerts, vigil.topic.incidents, vigil.topic.actions, "
            + "vigil.topic.dlq, vigil.topic.labels, vigil.topic.late.events, vigil.topic.partitions, "
            + "vigil.topic.replication.factor, vigil.rules.file, vigil.escalation.alerts, "
            + "vigil.escalation.window, vigil.max.clock.skew, vigil.clock.reference, "
            + "vigil.state.idle.ttl, vigil.state.idle.ttl.cards, vigil.state.idle.ttl.devices, "
            + "vigil.rocksdb.block.cache.bytes, vigil.rocksdb.bloom.filters, vigil.rocksdb.write.buffer.bytes, "
            + "vigil.rocksdb.inplace.updates, vigil.rocksdb.memtable.bloom";

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
        vigil.processing.guarantee | fast    | expected one of exactly_once_v2, at_least_once
        vigil.stream.threads       | 0       | expected an integer between 1 and 64
        vigil.stream.threads       | 65      | expected an integer between 1 and 64
        vigil.stream.threads       | two     | expected an integer between 1 and 64
        vigil.topic.partitions     | 0       | expected an integer between 1 and 1000
        vigil.topic.partitions     | 1001    | expected an integer between 1 and 1000
        vigil.topic.replication.factor | 0   | expected an integer between 1 and 32767
        vigil.topic.replication.factor | 32768 | expected an integer between 1 and 32767
        vigil.application.id       | my app  | expected a non-blank id of letters, digits, '.', '_' or '-'
        vigil.application.id       | ""      | expected a non-blank id of letters, digits, '.', '_' or '-'
        vigil.commit.interval      | 0s      | expected a duration > 0 such as 100ms, 30s, 5m, 1h, 2d or PT30S
        vigil.commit.interval      | 100     | expected a duration > 0 such as 100ms, 30s, 5m, 1h, 2d or PT30S
        vigil.grace                | -1s     | expected a duration >= 0 such as 0s, 30s, 5m, 1h or PT30S
        vigil.grace                | soon    | expected a duration >= 0 such as 0s, 30s, 5m, 1h or PT30S
        vigil.state.store          | disk    | expected one of rocksdb, in_memory
        vigil.cache.max.bytes      | -1      | expected an integer >= 0
        vigil.state.dir            | ""      | expected a directory path
        vigil.topic.alerts         | my alerts | expected a topic name of 1 to 249 letters, digits, '.', '_' or '-', other than '.' and '..'
        vigil.topic.dlq            | ..      | expected a topic name of 1 to 249 letters, digits, '.', '_' or '-', other than '.' and '..'
        vigil.topic.alerts         | vigil.transactions | expected a topic not already used by vigil.topic.transactions
        vigil.escalation.alerts    | 1       | expected an integer between 2 and 1000
        vigil.escalation.alerts    | many    | expected an integer between 2 and 1000
        vigil.escalation.window    | 0s      | expected a duration > 0 such as 100ms, 30s, 5m, 1h, 2d or PT30S
        vigil.max.clock.skew       | 0s      | expected a duration between 1s and 1d such as 30s, 5m, 1h or 7d
        vigil.max.clock.skew       | 2d      | expected a duration between 1s and 1d such as 30s, 5m, 1h or 7d
        vigil.max.clock.skew       | 300     | expected a duration between 1s and 1d such as 30s, 5m, 1h or 7d
        vigil.clock.reference      | ntp     | expected one of wall, record
        vigil.state.idle.ttl       | 0s      | expected a duration between 1s and 3650d such as 30s, 5m, 1h or 7d
        vigil.state.idle.ttl.cards | forever | expected a duration between 1s and 3650d such as 30s, 5m, 1h or 7d
        vigil.state.idle.ttl.devices | 3651d | expected a duration between 1s and 3650d such as 30s, 5m, 1h or 7d
        vigil.rocksdb.block.cache.bytes | -1 | expected an integer >= 0
        vigil.rocksdb.bloom.filters | yes  | expected true or false
        vigil.rocksdb.write.buffer.bytes | 1024 | expected an integer >= 65536
        vigil.rocksdb.inplace.updates | 1 | expected true or false
        vigil.rocksdb.memtable.bloom | on | expected true or false
        """)
    void shouldRejectSettingWithKeyValueAndAllowedWhenValueIsBad(String key, String value,
            String allowed) {
        // When
        ConfigException e = assertThrows(ConfigException.class, () ->
                ConfigLoader.load(Map.of(), Optional.empty(), Map.of(key, value)));

        // Then
        assertEquals("Invalid value '" + value + "' for " + key + ": " + allowed, e.getMessage());
        assertEquals(key, e.key());
        assertEquals(value, e.value());
        assertEquals(allowed, e.allowed());
    }

    @Test
    void shouldNameGuaranteeChoicesExactlyWhenGuaranteeIsUnknown() {
        // When
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(
                Map.of("VIGIL_PROCESSING_GUARANTEE", "fast"), Optional.empty(), Map.of()));

        // Then
        assertEquals("Invalid value 'fast' for vigil.processing.guarantee: "
                + "expected one of exactly_once_v2, at_least_once", e.getMessage());
    }

    @Test
    void shouldListKnownSettingsWhenVigilKeyIsUnknown() throws Exception {
        // Given: a typo in the properties file
        Path file = Files.write(dir.resolve("vigil.properties"), List.of("vigil.stream.thread=2"));

        // When
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigLoader.load(Map.of(), Optional.of(file), Map.of()));

        // Then
        assertEquals("Unknown setting vigil.stream.thread; known settings: " + KNOWN,
                e.getMessage());
        assertEquals("vigil.stream.thread", e.key());
    }

    @Test
    void shouldRejectUnknownSettingWhenItComesFromEnvironment() {
        // When
        ConfigException e = assertThrows(ConfigException.class, () ->
                ConfigLoader.load(Map.of("VIGIL_THREADS", "2"), Optional.empty(), Map.of()));

        // Then
        assertEquals("Unknown setting vigil.threads; known settings: " + KNOWN, e.getMessage());
    }

    @Test
    void shouldRejectVigilKeyWhenItsPrefixIsMisspeltInCase() {
        // When
        ConfigException e = assertThrows(ConfigException.class, () ->
                ConfigLoader.load(Map.of(), Optional.empty(), Map.of("Vigil.stream.threads", "2")));

        // Then
        assertEquals("Unknown setting Vigil.stream.threads; known settings: " + KNOWN,
                e.getMessage());
    }

    @Test
    void shouldPointToVigilKeyWhenKafkaPropertyIsOneVigilSets() {
        // When
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(
                Map.of("KAFKA_APPLICATION_ID", "other"), Optional.empty(), Map.of()));

        // Then
        assertEquals("Setting application.id is set by Vigil; use vigil.application.id instead",
                e.getMessage());
    }

    @Test
    void shouldNameThePathWhenPropertiesFileIsMissing() {
        // Given
        Path missing = dir.resolve("missing.properties");

        // When
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigLoader.load(Map.of(), Optional.of(missing), Map.of()));

        // Then
        assertEquals("Properties file '" + missing + "' does not exist", e.getMessage());
        assertEquals(missing.toString(), e.value());
    }

    @Test
    void shouldNameThePathWhenRulesFileIsMissing() {
        // Given
        Path missing = dir.resolve("rules.yaml");

        // When
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(
                Map.of(), Optional.empty(), Map.of("vigil.rules.file", missing.toString())));

        // Then
        assertEquals("Invalid value '" + missing + "' for vigil.rules.file: "
                + "expected an existing, readable rules YAML file", e.getMessage());
    }

    @Test
    void shouldReportEveryProblemOnItsOwnLineWhenSeveralSettingsAreBad() throws Exception {
        // Given
        Path rules = Files.writeString(dir.resolve("rules.yaml"), """
            rules:
              - id: velocity
                version: 0
                detector: velocity
                severity: HIGH
                cooldown: 10m
                parameters: {maxCount: 5, window: 60s}
            """);
        Path file = Files.write(dir.resolve("vigil.properties"),
                List.of("vigil.stream.threads=0", "vigil.topic.partitions=many", "vigil.typo=1"));

        // When
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(
                Map.of("VIGIL_PROCESSING_GUARANTEE", "fast", "VIGIL_RULES_FILE", rules.toString()),
                Optional.of(file), Map.of()));

        // Then
        assertEquals(String.join("\n",
                "Unknown setting vigil.typo; known settings: " + KNOWN,
                "Invalid value 'fast' for vigil.processing.guarantee: "
                        + "expected one of exactly_once_v2, at_least_once",
                "Invalid value '0' for vigil.stream.threads: expected an integer between 1 and 64",
                "Invalid value 'many' for vigil.topic.partitions: expected an integer between 1 and 1000",
                "Rule 'velocity': field 'version' = '0' is out of range: expected an integer >= 1"),
                e.getMessage());
        assertEquals(5, e.problems().size());
    }
}

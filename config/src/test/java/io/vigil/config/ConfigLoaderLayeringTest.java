package io.vigil.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Each layer wins over the one below: overrides > environment > properties file > defaults. */
class ConfigLoaderLayeringTest {

    @TempDir
    Path dir;

    @Test
    void shouldUseContractDefaultsWhenNothingIsConfigured() {
        // When
        VigilConfig config = ConfigLoader.load(Map.of(), Optional.empty(), Map.of());

        // Then
        StreamsSettings expectedStreams = new StreamsSettings("vigil",
                ProcessingGuarantee.EXACTLY_ONCE_V2, 1, Duration.ofMillis(100),
                Path.of(System.getProperty("java.io.tmpdir"), "vigil-state"), StoreType.ROCKSDB, 0,
                Duration.ofSeconds(30));
        TopicNames expectedTopics = new TopicNames("vigil.transactions", "vigil.telemetry",
                "vigil.rules", "vigil.alerts", "vigil.incidents", "vigil.actions", "vigil.dlq",
                Optional.empty(), 6, (short) 1);
        assertEquals(expectedStreams, config.streams());
        assertEquals(expectedTopics, config.topics());
        assertEquals(KafkaSettings.of(Map.of()), config.kafka());
        assertTrue(config.kafka().embedded());
        assertEquals(RuleSet.defaults(), config.rules());
        assertEquals(new EscalationSettings(2, Duration.ofMinutes(10)), config.escalation());
        assertEquals(new InputSettings(Duration.ofMinutes(5), ReferenceClock.WALL), config.input());
        assertEquals(new ExpirySettings(Duration.ofDays(30), Duration.ofDays(7)), config.expiry());
        assertEquals(InputSettings.defaults(), config.input());
        assertEquals(ExpirySettings.defaults(), config.expiry());
    }

    @Test
    void shouldGiveEveryEntityKindTheBaseTtlWhenItsOwnIsBlank() {
        // When the base is set and the devices' own setting is blanked out
        VigilConfig config = ConfigLoader.load(Map.of("VIGIL_STATE_IDLE_TTL", "12h"), Optional.empty(),
                Map.of("vigil.state.idle.ttl.devices", ""));

        // Then both kinds live 12 hours
        assertEquals(new ExpirySettings(Duration.ofHours(12), Duration.ofHours(12)), config.expiry());
    }

    @Test
    void shouldPreferTheKindsOwnTtlWhenBothAreSet() {
        // When
        VigilConfig config = ConfigLoader.load(Map.of(), Optional.empty(), Map.of(
                "vigil.state.idle.ttl", "1d", "vigil.state.idle.ttl.cards", "90d",
                "vigil.clock.reference", "record", "vigil.max.clock.skew", "30s"));

        // Then
        assertEquals(new ExpirySettings(Duration.ofDays(90), Duration.ofDays(7)), config.expiry());
        assertEquals(new InputSettings(Duration.ofSeconds(30), ReferenceClock.RECORD), config.input());
    }

    @Test
    void shouldKeepInputAndExpiryWhenAnotherPartIsReplaced() {
        // Given
        VigilConfig config = ConfigLoader.load(Map.of(), Optional.empty(),
                Map.of("vigil.max.clock.skew", "1m", "vigil.state.idle.ttl.cards", "2d"));

        // When
        VigilConfig replaced = config.withRules(new RuleSet(List.of()))
                .withStreams(config.streams()).withKafka(config.kafka());

        // Then
        assertEquals(config.input(), replaced.input());
        assertEquals(config.expiry(), replaced.expiry());
    }

    @Test
    void shouldReadEscalationFromEnvironmentWhenSet() {
        // When
        VigilConfig config = ConfigLoader.load(Map.of("VIGIL_ESCALATION_ALERTS", "3",
                "VIGIL_ESCALATION_WINDOW", "90s"), Optional.empty(), Map.of());

        // Then
        assertEquals(new EscalationSettings(3, Duration.ofSeconds(90)), config.escalation());
    }

    @Test
    void shouldKeepEscalationWhenAnotherPartIsReplaced() {
        // Given
        VigilConfig config = ConfigLoader.load(Map.of("VIGIL_ESCALATION_ALERTS", "4"),
                Optional.empty(), Map.of());

        // When
        VigilConfig replaced = config.withRules(new RuleSet(List.of()));

        // Then
        assertEquals(4, replaced.escalation().alerts());
        assertEquals(List.of(), replaced.rules().rules());
    }

    @Test
    void shouldTakeFileValueOverDefaultWhenFileSetsVigilKey() throws IOException {
        // Given
        Path file = properties("vigil.stream.threads=2");

        // When
        VigilConfig config = ConfigLoader.load(Map.of(), Optional.of(file), Map.of());

        // Then
        assertEquals(2, config.streams().threads());
    }

    @Test
    void shouldTakeEnvironmentOverFileWhenBothSetVigilKey() throws IOException {
        // Given
        Path file = properties("vigil.stream.threads=2");

        // When
        VigilConfig config = ConfigLoader.load(
                Map.of("VIGIL_STREAM_THREADS", "3"), Optional.of(file), Map.of());

        // Then
        assertEquals(3, config.streams().threads());
    }

    @Test
    void shouldTakeOverrideOverEnvironmentWhenBothSetVigilKey() throws IOException {
        // Given
        Path file = properties("vigil.stream.threads=2");

        // When
        VigilConfig config = ConfigLoader.load(Map.of("VIGIL_STREAM_THREADS", "3"),
                Optional.of(file), Map.of("vigil.stream.threads", "4"));

        // Then
        assertEquals(4, config.streams().threads());
    }

    @Test
    void shouldPassKafkaKeyThroughWhenOnlyFileSetsIt() throws IOException {
        // Given
        Path file = properties("bootstrap.servers=file:9092", "security.protocol=SSL");

        // When
        VigilConfig config = ConfigLoader.load(Map.of(), Optional.of(file), Map.of());

        // Then
        assertEquals(Map.of("bootstrap.servers", "file:9092", "security.protocol", "SSL"),
                config.kafka().properties());
        assertEquals(Optional.of("file:9092"), config.kafka().bootstrapServers());
    }

    @Test
    void shouldTakeEnvironmentOverFileWhenBothSetKafkaKey() throws IOException {
        // Given
        Path file = properties("bootstrap.servers=file:9092");

        // When
        VigilConfig config = ConfigLoader.load(
                Map.of("KAFKA_BOOTSTRAP_SERVERS", "env:9092"), Optional.of(file), Map.of());

        // Then
        assertEquals(Optional.of("env:9092"), config.kafka().bootstrapServers());
        assertEquals(Map.of("bootstrap.servers", "env:9092"), config.kafka().properties());
    }

    @Test
    void shouldTakeOverrideOverEnvironmentWhenBothSetKafkaKey() throws IOException {
        // Given
        Path file = properties("schema.registry.url=http://file:8081");

        // When
        VigilConfig config = ConfigLoader.load(
                Map.of("KAFKA_SCHEMA_REGISTRY_URL", "http://env:8081"), Optional.of(file),
                Map.of("schema.registry.url", "http://override:8081"));

        // Then
        assertEquals(Optional.of("http://override:8081"), config.kafka().schemaRegistryUrl());
        assertEquals(Map.of("schema.registry.url", "http://override:8081"),
                config.kafka().properties());
    }

    @Test
    void shouldUnsetLowerLayerValueWhenHigherLayerIsBlank() throws IOException {
        // Given
        Path file = properties("bootstrap.servers=file:9092", "vigil.topic.late.events=vigil.late");

        // When
        VigilConfig config = ConfigLoader.load(
                Map.of("KAFKA_BOOTSTRAP_SERVERS", "", "VIGIL_TOPIC_LATE_EVENTS", " "),
                Optional.of(file), Map.of());

        // Then
        assertTrue(config.kafka().embedded());
        assertEquals(Map.of(), config.kafka().properties());
        assertEquals(Optional.empty(), config.topics().lateEvents());
    }

    @Test
    void shouldReadEveryTypedSettingWhenAllAreGiven() throws IOException {
        // Given
        Path stateDir = dir.resolve("state");
        Path file = properties(
                "vigil.application.id=fraud-eu_1.0",
                "vigil.processing.guarantee=AT_LEAST_ONCE",
                "vigil.commit.interval=PT1S",
                "vigil.state.dir=" + stateDir.toString().replace('\\', '/'),
                "vigil.state.store=in_memory",
                "vigil.cache.max.bytes=10485760",
                "vigil.grace=0s",
                "vigil.topic.alerts=eu.alerts",
                "vigil.topic.late.events=eu.late",
                "vigil.topic.partitions=12",
                "vigil.topic.replication.factor=3");

        // When
        VigilConfig config = ConfigLoader.load(Map.of(), Optional.of(file), Map.of());

        // Then
        assertEquals(new StreamsSettings("fraud-eu_1.0", ProcessingGuarantee.AT_LEAST_ONCE, 1,
                Duration.ofSeconds(1), stateDir, StoreType.IN_MEMORY, 10_485_760L, Duration.ZERO),
                config.streams());
        assertEquals(List.of("vigil.transactions", "vigil.telemetry", "vigil.rules", "eu.alerts",
                "vigil.incidents", "vigil.actions", "vigil.dlq", "vigil.labels", "eu.late.transactions",
                "eu.late.telemetry"),
                config.topics().all());
        assertEquals(12, config.topics().partitions());
        assertEquals(3, config.topics().replicationFactor());
    }

    @Test
    void shouldLoadRulesFileWhenRulesFileIsSet() throws IOException {
        // Given
        Path rules = Files.writeString(dir.resolve("rules.yaml"), """
            rules:
              - id: fast-cards
                version: 2
                detector: velocity
                severity: LOW
                cooldown: 1m
                parameters: {maxCount: 3, window: 30s}
            """);

        // When
        VigilConfig config = ConfigLoader.load(
                Map.of("VIGIL_RULES_FILE", rules.toString()), Optional.empty(), Map.of());

        // Then
        assertEquals(List.of("fast-cards"),
                config.rules().rules().stream().map(RuleSpec::id).toList());
    }

    private Path properties(String... lines) throws IOException {
        return Files.write(dir.resolve("vigil.properties"), List.of(lines));
    }
}

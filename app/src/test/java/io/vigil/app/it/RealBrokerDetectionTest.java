package io.vigil.app.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigil.config.ConfigLoader;
import io.vigil.config.VigilConfig;
import io.vigil.embedded.EmbeddedKafkaBroker;
import io.vigil.events.Alert;
import io.vigil.events.AlertStatus;
import io.vigil.events.Telemetry;
import io.vigil.events.Transaction;
import io.vigil.runtime.TopicBootstrap;
import io.vigil.serdes.AvroSerdes;
import io.vigil.serdes.SpecificAvroSerializer;
import io.vigil.serdes.registry.EmbeddedSchemaRegistry;
import io.vigil.serdes.testkit.Events;
import io.vigil.topology.StreamInstance;
import io.vigil.topology.StreamsProperties;
import io.vigil.topology.VigilTopology;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * Detection against the real broker (in-process KRaft) under exactly-once: what the topology test driver cannot
 * show, because it involves the wall clock, transactions and Kafka Streams' own dead-letter queue.
 */
class RealBrokerDetectionTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    static Path tmp;

    private static EmbeddedKafkaBroker broker;
    private static EmbeddedSchemaRegistry registry;
    private static Admin admin;

    @BeforeAll
    static void startCluster() {
        broker = EmbeddedKafkaBroker.start(0, null, 2, EmbeddedKafkaBroker.DEFAULT_READY_TIMEOUT);
        registry = EmbeddedSchemaRegistry.start(0);
        admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()));
    }

    @AfterAll
    static void stopCluster() {
        if (admin != null) {
            admin.close();
        }
        if (registry != null) {
            registry.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void shouldFireSilenceWithNoFurtherInputAndResolveWhenTheDeviceReportsAgain() throws Exception {
        // Given only a silence rule with a 3 s deadline checked every 500 ms
        VigilConfig config = config("silence", """
                rules:
                  - id: silence
                    version: 1
                    detector: silence
                    severity: HIGH
                    cooldown: 10m
                    parameters: {deadline: 3s, checkInterval: 500ms}
                """);
        try (StreamInstance instance = start(config);
             KafkaProducer<String, SpecificRecord> producer = avroProducer()) {
            // When a device reports twice and then nothing at all arrives on its partition
            send(producer, config.topics().telemetry(), "pump-7", reading("pump-7", "r1"));
            send(producer, config.topics().telemetry(), "pump-7", reading("pump-7", "r2"));

            // Then an OPEN silence alert appears on its own, naming the last reading
            Alert open = awaitAlert(config, a -> a.getStatus() == AlertStatus.OPEN).value();
            assertEquals("silence", open.getRuleId());
            assertEquals("pump-7", open.getEntityId());
            assertEquals(List.of("r2"), open.getTriggeringEventIds());

            // When the device reports again, Then the episode is RESOLVED, naming the OPEN alert
            send(producer, config.topics().telemetry(), "pump-7", reading("pump-7", "r3"));
            Alert resolved = awaitAlert(config, a -> a.getStatus() == AlertStatus.RESOLVED).value();
            assertEquals(open.getAlertId(), resolved.getResolvesAlertId());

            // And nothing else: one OPEN and one RESOLVED for the one episode, however long we wait
            Thread.sleep(4_000);
            List<Alert> all = readAll(config.topics().alerts(), alertDeserializer(config)).stream()
                    .map(ConsumerRecord::value).toList();
            assertEquals(List.of(open, resolved), all);
            assertEquals(KafkaStreams.State.RUNNING, instance.state());
        }
    }

    @Test
    void shouldSendAnUndeserializableTransactionToTheDlqAndKeepDetecting() throws Exception {
        // Given the default rules (velocity: more than 5 in 60 s)
        VigilConfig config = config("poison", null);
        byte[] garbage = "definitely not avro".getBytes(StandardCharsets.UTF_8);
        try (StreamInstance instance = start(config);
             KafkaProducer<String, SpecificRecord> producer = avroProducer();
             KafkaProducer<String, byte[]> raw = new KafkaProducer<>(Map.of(
                     ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()),
                     new StringSerializer(), new ByteArraySerializer())) {
            // When a record that is not Avro arrives first, followed by a burst of six on one card
            raw.send(new ProducerRecord<>(config.topics().transactions(), "card-9", garbage)).get();
            Instant t0 = Instant.now();
            for (int i = 0; i < 6; i++) {
                send(producer, config.topics().transactions(), "card-9", transaction("card-9", "tx-" + i, t0.plusSeconds(i)));
            }

            // Then the burst is still detected
            Alert alert = awaitAlert(config, a -> true).value();
            assertEquals("velocity", alert.getRuleId());

            // And the bad record is in the DLQ once, bytes intact, with headers naming where it came from
            List<ConsumerRecord<byte[], byte[]>> dead = readAll(config.topics().dlq(), new ByteArrayDeserializer());
            assertEquals(1, dead.size());
            assertArrayEquals(garbage, dead.get(0).value());
            assertEquals(config.topics().transactions(), header(dead.get(0), "__streams.errors.topic"));
            assertEquals("0", header(dead.get(0), "__streams.errors.offset"));
            assertTrue(header(dead.get(0), "__streams.errors.exception").contains("SerializationException"));
            assertEquals(KafkaStreams.State.RUNNING, instance.state());
        }
    }

    private static VigilConfig config(String name, String rulesYaml) throws Exception {
        String prefix = name + "-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, String> overrides = new HashMap<>();
        overrides.put("bootstrap.servers", broker.bootstrapServers());
        overrides.put("schema.registry.url", registry.url());
        overrides.put("vigil.application.id", prefix);
        overrides.put("vigil.state.dir", tmp.resolve(prefix).toString());
        overrides.put("vigil.topic.partitions", "2");
        for (String topic : List.of("transactions", "telemetry", "rules", "alerts", "incidents", "actions", "dlq")) {
            overrides.put("vigil.topic." + topic, prefix + "." + topic);
        }
        if (rulesYaml != null) {
            Path rules = tmp.resolve(prefix + "-rules.yaml");
            Files.writeString(rules, rulesYaml);
            overrides.put("vigil.rules.file", rules.toString());
        }
        VigilConfig config = ConfigLoader.load(Map.of(), Optional.empty(), overrides);
        TopicBootstrap.ensure(admin, config.topics());
        return config;
    }

    private static StreamInstance start(VigilConfig config) throws Exception {
        Map<String, Object> clients = new HashMap<>(config.kafka().properties());
        StreamInstance instance = new StreamInstance("it-1",
                VigilTopology.build(config, clients, new SimpleMeterRegistry()),
                StreamsProperties.forInstance(config, "it-1"));
        instance.start();
        instance.awaitRunning(WAIT);
        return instance;
    }

    private static KafkaProducer<String, SpecificRecord> avroProducer() {
        Map<String, Object> props = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                "schema.registry.url", registry.url());
        SpecificAvroSerializer<SpecificRecord> values = new SpecificAvroSerializer<>();
        values.configure(props, false);
        return new KafkaProducer<>(props, new StringSerializer(), values);
    }

    private static void send(KafkaProducer<String, SpecificRecord> producer, String topic, String key,
                             SpecificRecord value) throws Exception {
        producer.send(new ProducerRecord<>(topic, key, value)).get();
    }

    private static Telemetry reading(String deviceId, String eventId) {
        return Events.aReading().id(eventId).device(deviceId).at(Instant.now()).build();
    }

    private static Transaction transaction(String cardId, String eventId, Instant at) {
        return Events.aTransaction().id(eventId).card(cardId).at(at).build();
    }

    private static Deserializer<Alert> alertDeserializer(VigilConfig config) {
        return AvroSerdes.specific(Alert.class, new HashMap<>(config.kafka().properties()), false).deserializer();
    }

    /** The first committed alert matching {@code test}, polling the alerts topic from the start. */
    private static ConsumerRecord<String, Alert> awaitAlert(VigilConfig config, Predicate<Alert> test) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        try (KafkaConsumer<String, Alert> consumer = consumer(new StringDeserializer(), alertDeserializer(config))) {
            consumer.subscribe(List.of(config.topics().alerts()));
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, Alert> record : consumer.poll(Duration.ofMillis(200))) {
                    if (test.test(record.value())) {
                        return record;
                    }
                }
            }
        }
        throw new AssertionError("No matching alert on " + config.topics().alerts() + " within " + WAIT);
    }

    /** Everything committed on {@code topic} now: read until the end offsets seen at the start are reached. */
    private static <K, V> List<ConsumerRecord<K, V>> readAll(String topic, Deserializer<V> values) {
        @SuppressWarnings("unchecked")
        Deserializer<K> keys = (Deserializer<K>) new ByteArrayDeserializer();
        List<ConsumerRecord<K, V>> out = new ArrayList<>();
        try (KafkaConsumer<K, V> consumer = consumer(keys, values)) {
            var partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new org.apache.kafka.common.TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<org.apache.kafka.common.TopicPartition, Long> ends = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p)) && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(out::add);
            }
        }
        return out;
    }

    private static <K, V> KafkaConsumer<K, V> consumer(Deserializer<K> keys, Deserializer<V> values) {
        return new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "it-reader-" + UUID.randomUUID(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), keys, values);
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}

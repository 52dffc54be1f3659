package io.vigil.lab.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigil.config.ConfigLoader;
import io.vigil.config.VigilConfig;
import io.vigil.embedded.EmbeddedKafkaBroker;
import io.vigil.events.Alert;
import io.vigil.events.Telemetry;
import io.vigil.events.Transaction;
import io.vigil.lab.chaos.DeadLetters.DeadLetter;
import io.vigil.lab.chaos.TopicLog.Coordinates;
import io.vigil.lab.chaos.TopicLog.RawRecord;
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
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Bad input against a real broker and a real exactly-once stream instance: every poison record lands in the
 * dead-letter queue exactly once with its original bytes and the headers naming where it came from and why it
 * failed, good records around it are still detected, and the instance keeps running.
 */
class DeadLetterQueueTest {

    private static final Duration WAIT = Duration.ofSeconds(90);

    private static EmbeddedKafkaBroker broker;
    private static EmbeddedSchemaRegistry registry;
    private static VigilConfig config;
    private static Map<String, Object> clients;

    @TempDir
    static Path stateDir;

    @BeforeAll
    static void startCluster() {
        broker = EmbeddedKafkaBroker.start(0, null);
        registry = EmbeddedSchemaRegistry.start(0);
        config = ConfigLoader.load(Map.of(), Optional.empty(), Map.of(
                "bootstrap.servers", broker.bootstrapServers(),
                "schema.registry.url", registry.url(),
                "vigil.state.dir", stateDir.toString(),
                "vigil.commit.interval", "200ms"));
        clients = new HashMap<>(config.kafka().properties());
        try (Admin admin = Admin.create(clients)) {
            TopicBootstrap.ensure(admin, config.topics());
        }
    }

    @AfterAll
    static void stopCluster() {
        if (registry != null) {
            registry.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void shouldDeadLetterEveryPoisonRecordExactlyOnceAndKeepDetectingWhenPoisonIsMixedIntoInput() throws Exception {
        PoisonPills pills = new PoisonPills(config.topics(), clients);
        List<PoisonPills.Sent> sent = new ArrayList<>();
        try (Producer<byte[], byte[]> raw = new KafkaProducer<>(producerProps(), new ByteArraySerializer(),
                new ByteArraySerializer());
             Producer<String, SpecificRecord> events = new KafkaProducer<>(producerProps(), new StringSerializer(),
                     avroSerializer());
             StreamInstance instance = new StreamInstance("dlq-test", VigilTopology.build(config, clients,
                     new SimpleMeterRegistry()), StreamsProperties.forInstance(config, "dlq-test"))) {
            // Given one poison record of every kind as the very first record of its partition, so each is the
            // head of the first batch its task ever fetches
            for (PoisonPills.Pill pill : pills.oneOfEach(0, config.topics().partitions())) {
                sent.add(PoisonPills.send(raw, pill));
            }
            instance.start();
            instance.awaitRunning(WAIT);

            // When good transactions that must raise a velocity alert follow, with a second round of poison
            // records sent between them
            Instant t0 = Instant.now();
            List<PoisonPills.Pill> secondRound = pills.oneOfEach(3, config.topics().partitions());
            for (int i = 0; i < 7; i++) {
                events.send(new org.apache.kafka.clients.producer.ProducerRecord<>(config.topics().transactions(),
                        "card-velocity", transaction("card-velocity", i, t0.plusSeconds(i)))).get();
                sent.add(PoisonPills.send(raw, secondRound.get(i)));
            }
            events.send(new org.apache.kafka.clients.producer.ProducerRecord<>(config.topics().telemetry(),
                    "device-after-poison", reading("device-after-poison", t0))).get();
            TopicLog log = new TopicLog(clients);
            List<DeadLetter> letters = awaitDeadLetters(log, sent.size());

            // Then the DLQ holds exactly the poison records, each once, with its original bytes and its source
            Map<Coordinates, RawRecord> poison = poisonRecords(log, sent);
            DeadLetters.Check check = DeadLetters.check(letters, poison);
            assertTrue(check.exact(), check::toString);
            for (DeadLetter letter : letters) {
                assertNotNull(letter.exception(), letter::toString);
                assertNotNull(letter.message(), letter::toString);
                assertTrue(letter.hasStacktrace(), letter::toString);
            }
            // And the oracle, replaying the same input offline, expects the same dead letters and the alerts
            // that were committed: the good records were all detected
            Oracle oracle = new Oracle(config, AvroSerdes.specific(Transaction.class, clients, false).deserializer(),
                    AvroSerdes.specific(Telemetry.class, clients, false).deserializer());
            oracle.replay(log);
            assertEquals(poison.keySet(), oracle.mustFail().keySet());
            Set<String> expected = oracle.expectedAlerts().keySet();
            assertFalse(expected.isEmpty(), "the good transactions must raise a velocity alert");
            assertEquals(expected, awaitAlertIds(log, expected.size()));
            // And the instance is still running
            assertEquals(KafkaStreams.State.RUNNING, instance.state());
            assertNull(instance.failure());
        }
    }

    private static List<DeadLetter> awaitDeadLetters(TopicLog log, int count) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        List<DeadLetter> letters = DeadLetters.read(log, config.topics().dlq());
        while (letters.size() < count && System.nanoTime() < deadline) {
            Thread.sleep(500);
            letters = DeadLetters.read(log, config.topics().dlq());
        }
        // One more commit interval, so that a duplicate would have had the time to show up.
        Thread.sleep(1_000);
        return DeadLetters.read(log, config.topics().dlq());
    }

    private static Set<String> awaitAlertIds(TopicLog log, int count) throws InterruptedException {
        var alerts = AvroSerdes.specific(Alert.class, clients, false).deserializer();
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            Set<String> ids = log.readCommitted(config.topics().alerts()).stream()
                    .map(r -> alerts.deserialize(r.topic(), r.value()).getAlertId())
                    .collect(Collectors.toSet());
            if (ids.size() >= count || System.nanoTime() > deadline) {
                return ids;
            }
            Thread.sleep(500);
        }
    }

    private static Map<Coordinates, RawRecord> poisonRecords(TopicLog log, List<PoisonPills.Sent> sent) {
        Set<Coordinates> at = sent.stream().map(PoisonPills.Sent::at).collect(Collectors.toSet());
        Map<Coordinates, RawRecord> records = new HashMap<>();
        for (String topic : List.of(config.topics().transactions(), config.topics().telemetry())) {
            log.readCommitted(topic).stream().filter(r -> at.contains(r.coordinates()))
                    .forEach(r -> records.put(r.coordinates(), r));
        }
        assertEquals(sent.size(), records.size(), "every poison record is in the input log");
        return records;
    }

    private static Map<String, Object> producerProps() {
        Map<String, Object> props = new HashMap<>(clients);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        return props;
    }

    private static SpecificAvroSerializer<SpecificRecord> avroSerializer() {
        SpecificAvroSerializer<SpecificRecord> serializer = new SpecificAvroSerializer<>();
        serializer.configure(clients, false);
        return serializer;
    }

    private static Transaction transaction(String card, int i, Instant at) {
        return Events.aTransaction().id(card + "-" + i).card(card).at(at).amount(5_000 + 100L * i)
                .merchant("merchant-" + i).build();
    }

    private static Telemetry reading(String device, Instant at) {
        return Events.aReading().id(device + "-1").device(device).at(at).value(21.0).build();
    }
}

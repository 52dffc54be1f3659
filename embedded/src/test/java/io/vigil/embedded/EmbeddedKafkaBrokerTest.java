package io.vigil.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.FeatureMetadata;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;

/** Clients against one real embedded broker shared by the whole class. */
class EmbeddedKafkaBrokerTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private static EmbeddedKafkaBroker broker;
    private static Admin admin;

    @BeforeAll
    static void startBroker() {
        broker = EmbeddedKafkaBroker.start(0, null);
        admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()));
    }

    @AfterAll
    static void stopBroker() {
        if (admin != null) {
            admin.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void shouldDeliverEveryRecordWhenConsumedWithConsumerGroupProtocol() throws Exception {
        // Given a topic with three partitions
        createTopic("round-trip", 3);

        // When five records are produced and a KIP-848 group member subscribes
        try (KafkaProducer<String, String> producer = producer(Map.of())) {
            for (int i = 0; i < 5; i++) {
                producer.send(new ProducerRecord<>("round-trip", "key-" + i, "value-" + i)).get();
            }
        }
        List<String> received = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = consumer(Map.of(
                ConsumerConfig.GROUP_ID_CONFIG, "round-trip-group",
                ConsumerConfig.GROUP_PROTOCOL_CONFIG, "consumer"))) {
            consumer.subscribe(List.of("round-trip"));
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (received.size() < 5 && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> received.add(r.key() + "=" + r.value()));
            }
            // Then the group got all three partitions and every record exactly once
            assertEquals(3, consumer.assignment().size());
        }
        received.sort(null);
        assertEquals(List.of("key-0=value-0", "key-1=value-1", "key-2=value-2", "key-3=value-3",
                "key-4=value-4"), received);
    }

    @Test
    void shouldShowOnlyCommittedTransactionsWhenReadCommitted() throws Exception {
        // Given one committed and one aborted transaction
        createTopic("transactional", 1);
        try (KafkaProducer<String, String> producer = producer(Map.of(
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, "vigil-test-tx"))) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>("transactional", "k", "committed"));
            producer.commitTransaction();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>("transactional", "k", "aborted"));
            producer.flush();
            producer.abortTransaction();
        }

        // When the topic is read to its end in both isolation levels
        List<String> committedView = readAll("transactional", "read_committed");
        List<String> uncommittedView = readAll("transactional", "read_uncommitted");

        // Then read_committed sees only the committed record; the aborted one really was written
        assertEquals(List.of("committed"), committedView);
        assertEquals(List.of("committed", "aborted"), uncommittedView);
    }

    @Test
    void shouldEnableExactlyOnceV2AndConsumerGroupsWhenFormatted() throws Exception {
        // When the finalized feature levels are read
        FeatureMetadata features = admin.describeFeatures().featureMetadata().get();

        // Then transactions v2 (KIP-890) and the consumer group protocol (KIP-848) are on
        assertTrue(features.finalizedFeatures().get("transaction.version").maxVersionLevel() >= 2,
                features::toString);
        assertTrue(features.finalizedFeatures().get("group.version").maxVersionLevel() >= 1,
                features::toString);
    }

    @Test
    void shouldNotCreateTopicsWhenProducingToUnknownTopic() {
        // When a producer sends to a topic nobody created
        try (KafkaProducer<String, String> producer = producer(Map.of(ProducerConfig.MAX_BLOCK_MS_CONFIG, 1_000))) {
            ExecutionException failure = assertThrows(ExecutionException.class,
                    () -> producer.send(new ProducerRecord<>("never-created", "k", "v")).get());

            // Then the send times out waiting for metadata and the topic still does not exist
            assertInstanceOf(TimeoutException.class, failure.getCause());
        }
        assertFalse(listTopics().contains("never-created"));
    }

    private static void createTopic(String name, int partitions) throws Exception {
        admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all().get();
    }

    private static Set<String> listTopics() {
        try {
            return admin.listTopics().names().get();
        } catch (InterruptedException | ExecutionException e) {
            throw new AssertionError(e);
        }
    }

    private static List<String> readAll(String topic, String isolationLevel) {
        TopicPartition partition = new TopicPartition(topic, 0);
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = consumer(Map.of(
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolationLevel))) {
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (consumer.position(partition) < end && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    values.add(record.value());
                }
            }
            assertEquals(end, consumer.position(partition), "did not read to the end of " + topic);
        }
        return values;
    }

    private static KafkaProducer<String, String> producer(Map<String, Object> overrides) {
        Map<String, Object> config = new HashMap<>(overrides);
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        return new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
    }

    private static KafkaConsumer<String, String> consumer(Map<String, Object> overrides) {
        Map<String, Object> config = new HashMap<>(overrides);
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        return new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer());
    }
}

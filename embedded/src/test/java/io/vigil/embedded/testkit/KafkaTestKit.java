package io.vigil.embedded.testkit;

import io.vigil.serdes.AvroSerdes;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** Small helpers for tests against the real embedded broker: topics, producing Avro records, reading topics back. */
public final class KafkaTestKit {

    private KafkaTestKit() {
    }

    public static void createTopics(Map<String, Object> clients, int partitions, String... names) throws Exception {
        try (Admin admin = Admin.create(new HashMap<>(clients))) {
            admin.createTopics(Arrays.stream(names).map(n -> new NewTopic(n, partitions, (short) 1)).toList())
                    .all().get(30, TimeUnit.SECONDS);
        }
    }

    /** Sends {@code values} keyed by {@code key} (idempotent producer, acks=all) and waits for every send. */
    public static <V extends SpecificRecord> void produce(Map<String, Object> clients, String topic,
                                                          List<V> values, java.util.function.Function<V, String> key)
            throws Exception {
        Map<String, Object> config = new HashMap<>(clients);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        @SuppressWarnings("unchecked")
        Class<V> type = (Class<V>) values.get(0).getClass();
        try (KafkaProducer<String, V> producer = new KafkaProducer<>(config, new StringSerializer(),
                AvroSerdes.specific(type, clients, false).serializer())) {
            for (V value : values) {
                producer.send(new ProducerRecord<>(topic, key.apply(value), value)).get(30, TimeUnit.SECONDS);
            }
        }
    }

    /** Every record of {@code topic}, partition by partition, as a {@code read_committed} or uncommitted reader sees it. */
    public static List<ConsumerRecord<String, byte[]>> readAll(Map<String, Object> clients, String topic,
                                                               boolean committedOnly) {
        Map<String, Object> config = new HashMap<>(clients);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, committedOnly ? "read_committed" : "read_uncommitted");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(30));
            List<TopicPartition> partitions = infos.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p)) && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }

    /** The values of {@link #readAll}, deserialized. */
    public static <T> List<T> readValues(Map<String, Object> clients, String topic, Deserializer<T> values) {
        return readAll(clients, topic, true).stream()
                .filter(r -> r.value() != null)
                .map(r -> values.deserialize(topic, r.headers(), r.value()))
                .toList();
    }

    /** Polls {@code condition} every 100 ms until it holds or {@code timeout} passes; returns whether it held. */
    public static boolean eventually(Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(100);
        }
        return condition.getAsBoolean();
    }
}

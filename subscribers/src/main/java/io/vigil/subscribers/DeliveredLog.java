package io.vigil.subscribers;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The notifier's memory of what it delivered, kept on a Kafka topic so that it survives restarts, a lost disk and
 * a move to another machine, and is shared by every notifier instance of one group.
 *
 * <p>Why a topic rather than a local file: instances of one group take over each other's partitions on a
 * rebalance, and an instance taking over must know what its predecessor delivered; a local file knows only its own
 * machine's deliveries. The topic is keyed by notification key, compacted and deleted after seven days: a key is
 * only needed while its item can still be read again, which is from the last committed offset on (minutes), or
 * when the same item was written twice upstream (close together), so a week is ample.
 *
 * <p>Order of work per item: deliver, record the key here (synchronously, acks=all), and only after the batch
 * commit the consumer offsets. A restart re-reads items whose offsets were not committed and finds their keys here.
 * The one gap left is a crash between the sink's acknowledgement and the record being written: that item is
 * delivered again, which the webhook's {@code Idempotency-Key} lets a receiver absorb.
 *
 * <p>In memory the log keeps the most recent {@code capacity} keys, loaded at start and whenever partitions are
 * assigned (another instance may have delivered items since).
 */
final class DeliveredLog implements AutoCloseable {

    static final Duration RETENTION = Duration.ofDays(7);

    private final Consumer<String, byte[]> reader;
    private final Producer<String, byte[]> writer;
    private final String topic;
    private final RecentIds keys;
    private List<TopicPartition> partitions;

    DeliveredLog(Consumer<String, byte[]> reader, Producer<String, byte[]> writer, String topic, int capacity) {
        this.reader = reader;
        this.writer = writer;
        this.topic = topic;
        this.keys = new RecentIds(capacity);
    }

    static DeliveredLog create(Map<String, ?> kafkaProperties, Producer<String, byte[]> writer, String topic,
                               int capacity) {
        ensureTopic(kafkaProperties, topic);
        Map<String, Object> config = new HashMap<>(kafkaProperties);
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return new DeliveredLog(new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer()),
                writer, topic, capacity);
    }

    /** Creates the log topic unless it exists: one partition, compacted and deleted after {@link #RETENTION}. */
    static void ensureTopic(Map<String, ?> kafkaProperties, String topic) {
        try (Admin admin = Admin.create(new HashMap<>(kafkaProperties))) {
            NewTopic log = new NewTopic(topic, Optional.of(1), Optional.empty()).configs(Map.of(
                    TopicConfig.CLEANUP_POLICY_CONFIG,
                    TopicConfig.CLEANUP_POLICY_COMPACT + "," + TopicConfig.CLEANUP_POLICY_DELETE,
                    TopicConfig.RETENTION_MS_CONFIG, Long.toString(RETENTION.toMillis())));
            admin.createTopics(List.of(log)).all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("Cannot create the delivered-id topic " + topic + ": "
                        + e.getCause().getMessage(), e.getCause());
            }
        } catch (TimeoutException e) {
            throw new IllegalStateException("Timed out creating the delivered-id topic " + topic
                    + "; is the Kafka cluster reachable?", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while creating " + topic, e);
        }
    }

    /** Reads every key written since the last call (on the first call: the whole log) into memory. */
    void catchUp() {
        if (partitions == null) {
            List<PartitionInfo> infos = reader.partitionsFor(topic, Duration.ofSeconds(30));
            partitions = infos.stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            reader.assign(partitions);
            reader.seekToBeginning(partitions);
        }
        Map<TopicPartition, Long> end = reader.endOffsets(partitions, Duration.ofSeconds(30));
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!caughtUp(end)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Could not read the delivered-id topic " + topic + " within 60 s");
            }
            for (ConsumerRecord<String, byte[]> record : reader.poll(Duration.ofMillis(200))) {
                if (record.key() != null && record.value() != null) {
                    keys.add(record.key());
                }
            }
        }
    }

    private boolean caughtUp(Map<TopicPartition, Long> end) {
        for (TopicPartition partition : partitions) {
            if (reader.position(partition) < end.get(partition)) {
                return false;
            }
        }
        return true;
    }

    boolean contains(String key) {
        return keys.contains(key);
    }

    /** Writes {@code key} to the log and waits for the broker's acknowledgement. */
    void record(String key, String outcome) {
        try {
            writer.send(new ProducerRecord<>(topic, key, outcome.getBytes(StandardCharsets.UTF_8)))
                    .get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Cannot record delivery of " + key + " on " + topic + ": "
                    + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("Timed out recording delivery of " + key + " on " + topic, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while recording delivery of " + key, e);
        }
        keys.add(key);
    }

    @Override
    public void close() {
        reader.close(Duration.ofSeconds(5));
    }
}

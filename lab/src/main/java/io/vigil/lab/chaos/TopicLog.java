package io.vigil.lab.chaos;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Reads a whole topic as raw bytes, the way a {@code read_committed} downstream consumer sees it: every partition
 * from its beginning up to its end as of the call, each partition in offset order.
 *
 * <p>Why raw bytes: the verifications must see exactly what is in the log, including records nobody can
 * deserialize, and compare bytes (a DLQ record must carry the original bytes). No consumer group is used, so
 * reading leaves no trace in the cluster.
 */
public final class TopicLog {

    /** A record as it is in the log. */
    public record RawRecord(String topic, int partition, long offset, long timestamp, byte[] key, byte[] value,
                            Map<String, byte[]> headers) {
        public RawRecord {
            Objects.requireNonNull(topic, "topic");
            headers = Map.copyOf(headers);
        }

        public Coordinates coordinates() {
            return new Coordinates(topic, partition, offset);
        }
    }

    /** Where a record sits: topic, partition, offset. */
    public record Coordinates(String topic, int partition, long offset) implements Comparable<Coordinates> {
        private static final Comparator<Coordinates> ORDER = Comparator.comparing(Coordinates::topic)
                .thenComparingInt(Coordinates::partition).thenComparingLong(Coordinates::offset);

        @Override
        public int compareTo(Coordinates other) {
            return ORDER.compare(this, other);
        }

        @Override
        public String toString() {
            return topic + "-" + partition + "@" + offset;
        }
    }

    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration TIMEOUT = Duration.ofMinutes(2);

    private final Map<String, Object> clientProperties;

    public TopicLog(Map<String, ?> clientProperties) {
        this.clientProperties = new HashMap<>(clientProperties);
    }

    /** Every committed record of {@code topic}, each partition in offset order. */
    public List<RawRecord> readCommitted(String topic) {
        List<RawRecord> records = new ArrayList<>();
        readCommitted(topic, records::add);
        return records;
    }

    /**
     * Hands every committed record of {@code topic} to {@code sink} without keeping them (input logs can be
     * large): the records of one partition in offset order, partitions interleaved.
     */
    public void readCommitted(String topic, Consumer<RawRecord> sink) {
        Map<String, Object> props = new HashMap<>(clientProperties);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000);
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        try (KafkaConsumer<byte[], byte[]> consumer =
                     new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, TIMEOUT);
            if (infos == null || infos.isEmpty()) {
                throw new IllegalStateException("Topic " + topic + " does not exist");
            }
            List<TopicPartition> partitions = infos.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            // With read_committed, endOffsets is the last stable offset: as far as a committed reader can get.
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, TIMEOUT);
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (!reachedEnd(consumer, ends)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Timed out reading " + topic + " up to offsets " + ends);
                }
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(POLL)) {
                    if (r.offset() < ends.get(new TopicPartition(r.topic(), r.partition()))) {
                        sink.accept(raw(r));
                    }
                }
            }
        }
    }

    private static boolean reachedEnd(KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> ends) {
        for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
            if (consumer.position(end.getKey(), TIMEOUT) < end.getValue()) {
                return false;
            }
        }
        return true;
    }

    private static RawRecord raw(ConsumerRecord<byte[], byte[]> r) {
        Map<String, byte[]> headers = new HashMap<>();
        r.headers().forEach(h -> headers.put(h.key(), h.value()));
        return new RawRecord(r.topic(), r.partition(), r.offset(), r.timestamp(), r.key(), r.value(), headers);
    }
}

package io.vigil.lab.backtest;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongConsumer;

/**
 * One recorded input topic, read for a replay: every partition, {@code read_committed}, each in offset order, from
 * the first record at or after {@code from} to the end the partition had when the read began. Records outside
 * {@code [from, to]} by timestamp are skipped (timestamps in a partition are not sorted, so the read goes on to the
 * end rather than stopping at the first record past {@code to}). A partition is read to its end before the next
 * one starts: an entity's events all sit in one partition, so per-entity order is offset order.
 *
 * <p>No consumer group: a replay must not move anyone's committed offsets, and it writes nothing.
 */
public final class RecordedLog<V> {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final Map<String, Object> clientProperties;
    private final String topic;
    private final Deserializer<V> values;
    private long unreadableRecords;

    /** Where a replayed record goes: its key, value and Kafka timestamp (the recording's own clock). */
    @FunctionalInterface
    public interface Sink<V> {
        void accept(String key, V value, long timestampMillis);
    }

    public RecordedLog(Map<String, Object> clientProperties, String topic, Deserializer<V> values) {
        this.clientProperties = clientProperties;
        this.topic = topic;
        this.values = values;
    }

    /**
     * Hands every record in range to {@code sink}, partition by partition.
     *
     * @param progress called with the number of records read so far, about every 100,000 records
     * @return records read (in range or not)
     */
    public long replay(Optional<Instant> from, Optional<Instant> to, Sink<V> sink, LongConsumer progress) {
        Map<String, Object> config = new HashMap<>(clientProperties);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000);
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        long read = 0;
        long fromMillis = from.map(Instant::toEpochMilli).orElse(Long.MIN_VALUE);
        long toMillis = to.map(Instant::toEpochMilli).orElse(Long.MAX_VALUE);
        try (KafkaConsumer<String, V> consumer = new KafkaConsumer<>(config, new StringDeserializer(), values)) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, TIMEOUT);
            List<TopicPartition> partitions = new ArrayList<>(infos.stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList());
            partitions.sort(Comparator.comparingInt(TopicPartition::partition));
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, TIMEOUT);
            Map<TopicPartition, Long> start = startOffsets(consumer, partitions, from, end);
            for (TopicPartition partition : partitions) {
                consumer.assign(List.of(partition));
                consumer.seek(partition, start.get(partition));
                long last = end.get(partition);
                while (consumer.position(partition) < last) {
                    ConsumerRecords<String, V> records;
                    try {
                        records = consumer.poll(Duration.ofMillis(500));
                    } catch (RecordDeserializationException unreadable) {
                        // Live, such a record goes to the DLQ and changes nothing; so here.
                        unreadableRecords++;
                        consumer.seek(unreadable.topicPartition(), unreadable.offset() + 1);
                        continue;
                    }
                    for (ConsumerRecord<String, V> record : records) {
                        if (record.offset() >= last) {
                            break;
                        }
                        read++;
                        if (read % 100_000 == 0) {
                            progress.accept(read);
                        }
                        if (record.value() != null && record.timestamp() >= fromMillis && record.timestamp() <= toMillis) {
                            sink.accept(record.key(), record.value(), record.timestamp());
                        }
                    }
                }
            }
        }
        return read;
    }

    /** Records that could not be deserialized and were skipped. */
    long unreadable() {
        return unreadableRecords;
    }

    private static Map<TopicPartition, Long> startOffsets(KafkaConsumer<String, ?> consumer,
                                                          List<TopicPartition> partitions, Optional<Instant> from,
                                                          Map<TopicPartition, Long> end) {
        Map<TopicPartition, Long> start = new HashMap<>(consumer.beginningOffsets(partitions, TIMEOUT));
        if (from.isPresent()) {
            Map<TopicPartition, Long> query = new HashMap<>();
            partitions.forEach(p -> query.put(p, from.get().toEpochMilli()));
            Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(query, TIMEOUT);
            for (TopicPartition partition : partitions) {
                OffsetAndTimestamp at = found.get(partition);
                start.put(partition, at == null ? end.get(partition) : at.offset());
            }
        }
        return start;
    }
}

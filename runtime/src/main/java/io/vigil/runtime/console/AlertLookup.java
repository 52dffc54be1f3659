package io.vigil.runtime.console;

import io.vigil.events.Alert;
import io.vigil.serdes.AvroSerdes;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds one alert by id on the alerts topic: what {@code vigil alerts label} needs to know which rule raised it.
 *
 * <p>Alerts are keyed by entity, not by alert id, so the only way to find one is to read the topic: every
 * partition from its start to its end as of the call, {@code read_committed} (an aborted attempt's alert was
 * never raised). The newest record with the id wins, though ids are unique per episode anyway.
 */
public final class AlertLookup {

    private static final Duration POLL = Duration.ofMillis(200);

    private AlertLookup() {
    }

    public static Optional<Alert> find(Map<String, ?> clientProperties, String alertsTopic, String alertId,
                                       Duration timeout) {
        Map<String, Object> config = new HashMap<>(clientProperties);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2_000);
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        Deserializer<Alert> alerts = AvroSerdes.specific(Alert.class, clientProperties, false).deserializer();
        long deadline = System.nanoTime() + timeout.toNanos();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<PartitionInfo> infos = consumer.partitionsFor(alertsTopic, timeout);
            List<TopicPartition> partitions = infos.stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
            Alert found = null;
            while (!caughtUp(consumer, end)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Timed out after " + timeout.toSeconds() + " s reading "
                            + alertsTopic + " for alert " + alertId);
                }
                for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
                    Alert alert = decode(alerts, record);
                    if (alert != null && alertId.equals(alert.getAlertId())) {
                        found = alert;
                    }
                }
            }
            return Optional.ofNullable(found);
        }
    }

    private static boolean caughtUp(KafkaConsumer<String, byte[]> consumer, Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            // position() moves past transaction markers, so it reaches the end offset even after a commit marker.
            if (consumer.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    /** An unreadable record is not the alert being looked for; the DLQ is where it is dealt with. */
    private static Alert decode(Deserializer<Alert> alerts, ConsumerRecord<String, byte[]> record) {
        if (record.value() == null) {
            return null;
        }
        try {
            return alerts.deserialize(record.topic(), record.headers(), record.value());
        } catch (RuntimeException unreadable) {
            return null;
        }
    }
}

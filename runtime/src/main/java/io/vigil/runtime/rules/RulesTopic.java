package io.vigil.runtime.rules;

import io.vigil.config.RuleSpec;
import io.vigil.events.Rule;
import io.vigil.serdes.AvroSerdes;
import io.vigil.topology.RuleChange;

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
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Reading and writing the rules topic outside the topology: everything {@code vigil rules} and {@code vigil demo}
 * do with it.
 */
public final class RulesTopic {

    private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

    private final Map<String, Object> clientProperties;
    private final String topic;

    public RulesTopic(Map<String, Object> clientProperties, String topic) {
        this.clientProperties = Map.copyOf(clientProperties);
        this.topic = topic;
    }

    public String name() {
        return topic;
    }

    /**
     * Reads the whole topic ({@code read_committed}, every partition from its beginning to the end it had when the
     * read began) and folds it into the rules live on it.
     */
    public RuleBook read() {
        Map<String, Object> config = new HashMap<>(clientProperties);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        Deserializer<Rule> rules = AvroSerdes.specific(Rule.class, clientProperties, false).deserializer();
        RuleBook book = new RuleBook();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, READ_TIMEOUT);
            List<TopicPartition> partitions = infos.stream()
                    .map(p -> new TopicPartition(topic, p.partition())).sorted(
                            java.util.Comparator.comparingInt(TopicPartition::partition)).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, READ_TIMEOUT);
            long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Could not read the rules topic " + topic + " within "
                            + READ_TIMEOUT.toSeconds() + " s");
                }
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    Rule value;
                    try {
                        value = record.value() == null ? null
                                : rules.deserialize(record.topic(), record.headers(), record.value());
                    } catch (RuntimeException unreadable) {
                        book.unreadable(record.key(), record.partition(), record.offset(),
                                "cannot be deserialized: " + unreadable.getMessage());
                        continue;
                    }
                    book.apply(record.key(), value, record.partition(), record.offset());
                }
            }
        }
        return book;
    }

    /**
     * Publishes {@code rules} as one rule change ({@link RuleChange}) in one transaction: all of them become visible
     * to {@code read_committed} readers (the stream instances) together, or, if anything fails, none does; and the
     * stream instances put them in force together, switching from the set in force now to the new set at once.
     */
    public void publish(List<RuleSpec> rules) {
        if (rules.isEmpty()) {
            return;
        }
        // The marker lists the whole set after the change, so the rules live now are read first; a rule that is
        // not in force on the topic (a fresh topic) is simply not listed.
        publish(rules, read().inForce().values());
    }

    /**
     * As {@link #publish(List)}, with the rules in force before the change already read by the caller (from
     * {@link #read()}), so that the change's set is the one the caller planned against.
     */
    public void publish(List<RuleSpec> rules, Collection<RuleSpec> inForceBefore) {
        if (rules.isEmpty()) {
            return;
        }
        send(rules, List.copyOf(inForceBefore));
    }

    /**
     * Publishes {@code rules} if the topic holds no record at all, so that a fresh deployment shows (and versions)
     * the rules it runs; a topic with anything on it is left alone.
     *
     * @return the rules published, none when the topic was not empty
     */
    public List<RuleSpec> publishIfEmpty(List<RuleSpec> rules) {
        if (read().records() > 0 || rules.isEmpty()) {
            return List.of();
        }
        // An empty topic has nothing in force: the change's set is exactly these rules.
        send(rules, List.of());
        return List.copyOf(rules);
    }

    private void send(List<RuleSpec> rules, List<RuleSpec> inForceBefore) {
        Map<String, Object> config = new HashMap<>(clientProperties);
        config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "vigil-rules-publish-" + UUID.randomUUID());
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, Rule> producer = new KafkaProducer<>(config, new StringSerializer(),
                AvroSerdes.specific(Rule.class, clientProperties, false).serializer())) {
            producer.initTransactions();
            producer.beginTransaction();
            try {
                for (ProducerRecord<String, Rule> record : RuleChange.records(topic, rules, inForceBefore)) {
                    producer.send(record);
                }
                producer.commitTransaction();
            } catch (RuntimeException e) {
                producer.abortTransaction();
                throw e;
            }
        }
    }
}

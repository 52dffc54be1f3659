package io.vigil.subscribers;

import io.vigil.events.Action;
import io.vigil.events.Alert;
import io.vigil.events.Incident;
import io.vigil.serdes.AvroSerdes;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code notifier}: one notification per alert, incident and action, delivered to a {@link NotificationSink}, and
 * never twice for the same {@code alertId}, {@code incidentId} or {@code actionId}, also across restarts.
 *
 * <p>Reads the three topics {@code read_committed}, so it only tells about what was committed. Each item is
 * delivered, its key recorded in the {@link DeliveredLog} (a compacted topic), and the consumer offsets are
 * committed after the batch: a redelivered item, a restarted notifier re-reading uncommitted items, or the same
 * item written twice upstream, all find the key recorded and are skipped. A notification the sink gives up on (a
 * webhook that keeps failing, after its retries) goes to the DLQ topic with error headers and counts as handled;
 * so does a record that cannot be read. A broken sink (a full disk) stops the notifier without committing.
 *
 * <p>Slow sinks and consumer liveness: a failing webhook may take many seconds per item, so the notifier polls few
 * records at a time and allows a long poll interval, rather than losing its partitions in the middle of a batch.
 */
public final class Notifier implements Runnable, AutoCloseable {

    /** The name in dead letters' headers. */
    public static final String NAME = "notifier";

    private static final Logger LOG = LoggerFactory.getLogger(Notifier.class);
    private static final Duration POLL_TIMEOUT = Duration.ofMillis(200);
    private static final int DELIVERED_KEYS_IN_MEMORY = 500_000;

    /**
     * What the notifier reads and where its dead letters go.
     *
     * @param groupId consumer group; instances in one group share the work and one delivered-id log
     */
    public record Settings(String alertsTopic, String incidentsTopic, String actionsTopic, String dlqTopic,
                           String groupId) {
        public Settings {
            Objects.requireNonNull(alertsTopic, "alertsTopic");
            Objects.requireNonNull(incidentsTopic, "incidentsTopic");
            Objects.requireNonNull(actionsTopic, "actionsTopic");
            Objects.requireNonNull(dlqTopic, "dlqTopic");
            Objects.requireNonNull(groupId, "groupId");
        }

        /** The delivered-id log of this group: {@code <group>.delivered}. */
        public String deliveredTopic() {
            return groupId + ".delivered";
        }
    }

    private final Consumer<String, byte[]> consumer;
    private final Producer<String, byte[]> producer;
    private final DeliveredLog delivered;
    private final NotificationSink sink;
    private final Settings settings;
    private final Deserializer<Alert> alerts;
    private final Deserializer<Incident> incidents;
    private final Deserializer<Action> actions;
    private final PollLoop loop;
    private final AtomicLong deliveredCount = new AtomicLong();
    private final AtomicLong skipped = new AtomicLong();
    private final AtomicLong deadLettered = new AtomicLong();
    private final Map<TopicPartition, OffsetAndMetadata> handled = new HashMap<>();

    Notifier(Consumer<String, byte[]> consumer, Producer<String, byte[]> producer, DeliveredLog delivered,
             NotificationSink sink, Settings settings, Map<String, ?> serdeConfig) {
        this.consumer = consumer;
        this.producer = producer;
        this.delivered = delivered;
        this.sink = sink;
        this.settings = settings;
        this.alerts = AvroSerdes.specific(Alert.class, serdeConfig, false).deserializer();
        this.incidents = AvroSerdes.specific(Incident.class, serdeConfig, false).deserializer();
        this.actions = AvroSerdes.specific(Action.class, serdeConfig, false).deserializer();
        this.loop = new PollLoop("A Notifier", "notifier", consumer,
                new PollLoop.Body(this::start, this::pollOnce, this::stop, this::closeUnstarted));
    }

    /**
     * A notifier with its own consumer, producer (for the delivered-id log and the DLQ) and delivered-id log; creates
     * the log topic when it does not exist.
     *
     * @param kafkaProperties client properties, including {@code bootstrap.servers} and {@code schema.registry.url}
     */
    public static Notifier create(Map<String, ?> kafkaProperties, Settings settings, NotificationSink sink) {
        Map<String, Object> producerConfig = new HashMap<>(kafkaProperties);
        producerConfig.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
        producerConfig.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        KafkaProducer<String, byte[]> producer = new KafkaProducer<>(producerConfig, new StringSerializer(),
                new ByteArraySerializer());
        try {
            DeliveredLog log = DeliveredLog.create(kafkaProperties, producer, settings.deliveredTopic(),
                    DELIVERED_KEYS_IN_MEMORY);
            KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(consumerProperties(kafkaProperties, settings),
                    new StringDeserializer(), new ByteArrayDeserializer());
            return new Notifier(consumer, producer, log, sink, settings, kafkaProperties);
        } catch (RuntimeException e) {
            producer.close();
            throw e;
        }
    }

    static Map<String, Object> consumerProperties(Map<String, ?> kafkaProperties, Settings settings) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 20);
        config.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, 600_000);
        config.putAll(kafkaProperties);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, settings.groupId());
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        return config;
    }

    /** Notifications the sink accepted. */
    public long delivered() {
        return deliveredCount.get();
    }

    /** Items skipped because their key was delivered before (redelivery, restart, or a repeat upstream). */
    public long skipped() {
        return skipped.get();
    }

    /** Items sent to the DLQ: the sink gave up, or the record could not be read. */
    public long deadLettered() {
        return deadLettered.get();
    }

    /** Polls and delivers until {@link #close()}; a notifier runs once. */
    @Override
    public void run() {
        loop.run();
    }

    private void start() {
        delivered.catchUp();
        consumer.subscribe(List.of(settings.alertsTopic(), settings.incidentsTopic(), settings.actionsTopic()),
                new ConsumerRebalanceListener() {
                    @Override
                    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                        commitHandled();
                    }

                    @Override
                    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                        // Another instance may have delivered items of these partitions since we last looked.
                        delivered.catchUp();
                    }
                });
        LOG.info("notifier {} delivering to {}", settings.groupId(), sink.describe());
    }

    /** Loop step: deliver the batch, then commit its offsets (the delivered-id log already knows each item). */
    private void pollOnce() {
        ConsumerRecords<String, byte[]> records = consumer.poll(POLL_TIMEOUT);
        for (ConsumerRecord<String, byte[]> record : records) {
            handle(record);
            handled.put(new TopicPartition(record.topic(), record.partition()),
                    new OffsetAndMetadata(record.offset() + 1));
        }
        commitHandled();
    }

    private void stop() {
        try {
            // Anything not committed is re-read after a restart and skipped as delivered.
            PollLoop.commitOnTheWayOut(this::commitHandled, e -> LOG.warn(
                    "Could not commit the last handled offsets; a restart re-reads them and skips them as delivered", e));
            consumer.close(Duration.ofSeconds(5));
            delivered.close();
        } finally {
            producer.close(Duration.ofSeconds(5));
        }
    }

    private void closeUnstarted() {
        consumer.close();
        delivered.close();
        producer.close();
    }

    private void handle(ConsumerRecord<String, byte[]> record) {
        Notification notification;
        try {
            notification = decode(record);
        } catch (RuntimeException unreadable) {
            LOG.error("Dead-lettering unreadable record at {}-{} offset {}: {}", record.topic(), record.partition(),
                    record.offset(), unreadable.toString());
            deadLetter(record, unreadable, 1);
            return;
        }
        if (delivered.contains(notification.key())) {
            skipped.incrementAndGet();
            LOG.debug("Skipping {}: delivered before", notification.key());
            return;
        }
        try {
            sink.deliver(notification);
            delivered.record(notification.key(), "delivered to " + sink.describe());
            deliveredCount.incrementAndGet();
        } catch (DeliveryFailedException failed) {
            LOG.error("Dead-lettering {}: {}", notification.key(), failed.getMessage());
            deadLetter(record, failed, failed.attempts());
            delivered.record(notification.key(), "dead-lettered: " + failed.getMessage());
        }
    }

    private Notification decode(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null) {
            throw new IllegalArgumentException("record without value");
        }
        String topic = record.topic();
        if (topic.equals(settings.alertsTopic())) {
            return Notification.of(alerts.deserialize(topic, record.headers(), record.value()));
        }
        if (topic.equals(settings.incidentsTopic())) {
            return Notification.of(incidents.deserialize(topic, record.headers(), record.value()));
        }
        return Notification.of(actions.deserialize(topic, record.headers(), record.value()));
    }

    private void deadLetter(ConsumerRecord<String, byte[]> record, Throwable error, int attempts) {
        try {
            producer.send(ErrorHeaders.deadLetter(settings.dlqTopic(), record, NAME, error, attempts))
                    .get(60, TimeUnit.SECONDS);
            deadLettered.incrementAndGet();
        } catch (Exception e) {
            throw new IllegalStateException("Cannot write a dead letter for " + record.topic() + "-"
                    + record.partition() + " offset " + record.offset() + " to " + settings.dlqTopic(), e);
        }
    }

    private void commitHandled() {
        if (!handled.isEmpty()) {
            consumer.commitSync(Map.copyOf(handled));
            handled.clear();
        }
    }

    /** Stops {@link #run()} after the batch in hand and waits for it; call it from another thread. */
    @Override
    public void close() {
        loop.close();
    }
}

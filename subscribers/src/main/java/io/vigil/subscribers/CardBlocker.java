package io.vigil.subscribers;

import io.vigil.config.DetectorCatalog;
import io.vigil.events.Action;
import io.vigil.events.ActionType;
import io.vigil.events.Alert;
import io.vigil.events.AlertStatus;
import io.vigil.events.EntityType;
import io.vigil.events.Severity;
import io.vigil.serdes.AvroSerdes;
import io.vigil.serdes.SpecificAvroSerde;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.FencedInstanceIdException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code card-blocker}: for every fraud alert at or above a severity, one BLOCK_CARD action on the actions topic,
 * exactly once, however often the process crashes.
 *
 * <p>A transactional consume-transform-produce loop: per poll, one producer transaction holds the actions for the
 * polled alerts and the consumer offsets after them ({@code sendOffsetsToTransaction} with the consumer's group
 * metadata), so the actions and "these alerts are handled" commit together or not at all. Alerts are read
 * {@code read_committed}, so an aborted detection attempt never blocks a card. After a crash (even
 * {@code kill -9} mid-transaction) the next instance with the same {@code transactional.id} fences the dead one
 * and aborts its open transaction in {@code initTransactions()}, and resumes from the last committed offsets: no
 * action is lost and none is doubled. The action id is derived from the alert id as well, so even a consumer that
 * reads uncommitted data can recognise a repeat.
 *
 * <p>The {@code transactional.id} and the consumer's {@code group.instance.id} are both
 * {@code <group>-<instance id>}: stable per instance, so that a restarted instance takes its predecessor's place
 * at once (static membership) and fences its zombie. Two running instances must therefore have different instance
 * ids; one that finds itself fenced stops with a message saying so.
 *
 * <p>Eligible: OPEN alerts on cards with severity at or above the minimum, except the blocked-card rule's own
 * alerts (the card is blocked already; blocking it again would only answer the block with itself). An alert
 * record that cannot be read goes to the DLQ inside the same transaction, so it too is dead-lettered exactly once.
 */
public final class CardBlocker implements Runnable, AutoCloseable {

    /** The {@code actor} of the actions this subscriber writes. */
    public static final String ACTOR = "card-blocker";

    private static final Logger LOG = LoggerFactory.getLogger(CardBlocker.class);
    private static final Duration POLL_TIMEOUT = Duration.ofMillis(200);

    /**
     * What the card-blocker reads and writes.
     *
     * @param minSeverity the least severity that blocks a card
     * @param groupId     consumer group; instances in one group share the alerts' partitions
     * @param instanceId  stable per running instance, unique within the group
     */
    public record Settings(String alertsTopic, String actionsTopic, String dlqTopic, Severity minSeverity,
                           String groupId, String instanceId) {
        public Settings {
            Objects.requireNonNull(alertsTopic, "alertsTopic");
            Objects.requireNonNull(actionsTopic, "actionsTopic");
            Objects.requireNonNull(dlqTopic, "dlqTopic");
            Objects.requireNonNull(minSeverity, "minSeverity");
            Objects.requireNonNull(groupId, "groupId");
            Objects.requireNonNull(instanceId, "instanceId");
        }

        /** {@code <group>-<instance id>}: the transactional id and the static group member id. */
        public String transactionalId() {
            return groupId + "-" + instanceId;
        }
    }

    /** Sees each transaction before it commits: for progress, and for tests that crash the loop mid-transaction. */
    @FunctionalInterface
    public interface TransactionObserver {
        /**
         * Called with the transaction's records sent and flushed to the broker and its offsets added, just before
         * {@code commitTransaction()}.
         */
        void beforeCommit(int alerts, int actions);

        TransactionObserver NONE = (alerts, actions) -> { };
    }

    private final Consumer<String, byte[]> consumer;
    private final Producer<String, byte[]> producer;
    private final Deserializer<Alert> alerts;
    private final Serializer<Action> actions;
    private final Settings settings;
    private final TransactionObserver observer;
    private final Clock clock;
    private final PollLoop loop;
    private final AtomicLong alertsRead = new AtomicLong();
    private final AtomicLong actionsCommitted = new AtomicLong();
    private final AtomicLong aborted = new AtomicLong();
    private volatile boolean fenced;

    CardBlocker(Consumer<String, byte[]> consumer, Producer<String, byte[]> producer, Deserializer<Alert> alerts,
                Serializer<Action> actions, Settings settings, TransactionObserver observer, Clock clock) {
        this.consumer = consumer;
        this.producer = producer;
        this.alerts = alerts;
        this.actions = actions;
        this.settings = settings;
        this.observer = observer;
        this.clock = clock;
        this.loop = new PollLoop("A CardBlocker", "card-blocker", consumer,
                new PollLoop.Body(this::start, this::pollOnce, this::stop, this::closeUnstarted, this::failed));
    }

    /**
     * A card-blocker with its own consumer and transactional producer.
     *
     * @param kafkaProperties client properties, including {@code bootstrap.servers} and {@code schema.registry.url}
     */
    public static CardBlocker create(Map<String, ?> kafkaProperties, Settings settings, TransactionObserver observer) {
        SpecificAvroSerde<Alert> alertSerde = AvroSerdes.specific(Alert.class, kafkaProperties, false);
        SpecificAvroSerde<Action> actionSerde = AvroSerdes.specific(Action.class, kafkaProperties, false);
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(consumerProperties(kafkaProperties, settings),
                new StringDeserializer(), new ByteArrayDeserializer());
        try {
            KafkaProducer<String, byte[]> producer = new KafkaProducer<>(producerProperties(kafkaProperties, settings),
                    new StringSerializer(), new ByteArraySerializer());
            return new CardBlocker(consumer, producer, alertSerde.deserializer(), actionSerde.serializer(), settings,
                    observer, Clock.systemUTC());
        } catch (RuntimeException e) {
            consumer.close();
            throw e;
        }
    }

    static Map<String, Object> consumerProperties(Map<String, ?> kafkaProperties, Settings settings) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.putAll(kafkaProperties);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, settings.groupId());
        config.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, settings.transactionalId());
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        return config;
    }

    static Map<String, Object> producerProperties(Map<String, ?> kafkaProperties, Settings settings) {
        Map<String, Object> config = new HashMap<>(kafkaProperties);
        config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, settings.transactionalId());
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        return config;
    }

    /** Whether the card-blocker acts on {@code alert}: an OPEN card alert at or above {@code minSeverity}. */
    public static boolean eligible(Alert alert, Severity minSeverity) {
        return alert.getEntityType() == EntityType.CARD
                && alert.getStatus() == AlertStatus.OPEN
                && alert.getSeverity().ordinal() >= minSeverity.ordinal()
                && !DetectorCatalog.BLOCKED_CARD_USED.equals(alert.getDetector());
    }

    /** The BLOCK_CARD action answering {@code alert}. */
    public static Action blockAction(Alert alert, long nowMillis) {
        return Action.newBuilder()
                .setActionId(ActionIds.actionId(ActionType.BLOCK_CARD, alert.getAlertId()))
                .setType(ActionType.BLOCK_CARD)
                .setEntityType(EntityType.CARD)
                .setEntityId(alert.getEntityId())
                .setAlertId(alert.getAlertId())
                .setTimestamp(java.time.Instant.ofEpochMilli(nowMillis))
                .setActor(ACTOR)
                .setReason(alert.getRuleId() + " v" + alert.getRuleVersion() + " " + alert.getSeverity() + ": "
                        + alert.getExplanation())
                .build();
    }

    /** Alert records read, eligible or not, in committed transactions. */
    public long alertsRead() {
        return alertsRead.get();
    }

    /** BLOCK_CARD actions in committed transactions. */
    public long actionsCommitted() {
        return actionsCommitted.get();
    }

    /** Transactions aborted and retried (a rebalance or a broker error in the middle of one). */
    public long aborted() {
        return aborted.get();
    }

    /** Polls and blocks until {@link #close()}; a card-blocker runs once. */
    @Override
    public void run() {
        loop.run();
    }

    /** Loop step: fences any earlier producer with this transactional.id and aborts its open transaction. */
    private void start() {
        producer.initTransactions();
        consumer.subscribe(List.of(settings.alertsTopic()));
        LOG.info("card-blocker {} blocking cards on {} alerts at or above {} from {}", settings.transactionalId(),
                "OPEN card", settings.minSeverity(), settings.alertsTopic());
    }

    /** Loop step: one poll, its actions and offsets in one transaction. */
    private void pollOnce() {
        ConsumerRecords<String, byte[]> records = consumer.poll(POLL_TIMEOUT);
        if (!records.isEmpty()) {
            handle(records);
        }
    }

    /** Loop step: being fenced is the user's to fix (two instances with one id), so it says so. */
    private RuntimeException failed(RuntimeException failure) {
        if (failure instanceof ProducerFencedException || failure instanceof InvalidProducerEpochException
                || failure instanceof FencedInstanceIdException) {
            fenced = true;
            return new IllegalStateException("card-blocker " + settings.transactionalId() + " was fenced by another "
                    + "instance with the same id; give every running card-blocker its own --instance-id", failure);
        }
        return failure;
    }

    /** Loop step: nothing to commit, every transaction was committed or aborted before the loop ended. */
    private void stop() {
        try {
            consumer.close(Duration.ofSeconds(5));
        } finally {
            // A fenced producer may not abort; closing it is all that is left. Otherwise close aborts nothing.
            producer.close(fenced ? Duration.ZERO : Duration.ofSeconds(5));
        }
    }

    private void closeUnstarted() {
        consumer.close();
        producer.close();
    }

    private void handle(ConsumerRecords<String, byte[]> records) {
        producer.beginTransaction();
        try {
            int read = 0;
            int blocked = 0;
            for (ConsumerRecord<String, byte[]> record : records) {
                read++;
                Alert alert = decode(record);
                if (alert != null && eligible(alert, settings.minSeverity())) {
                    Action action = blockAction(alert, clock.millis());
                    producer.send(new ProducerRecord<>(settings.actionsTopic(), null,
                            action.getTimestamp().toEpochMilli(), action.getEntityId(),
                            actions.serialize(settings.actionsTopic(), action)));
                    blocked++;
                }
            }
            producer.sendOffsetsToTransaction(nextOffsets(records), consumer.groupMetadata());
            producer.flush();
            observer.beforeCommit(read, blocked);
            producer.commitTransaction();
            alertsRead.addAndGet(read);
            actionsCommitted.addAndGet(blocked);
        } catch (ProducerFencedException | InvalidProducerEpochException | FencedInstanceIdException
                 | UnsupportedVersionException | AuthorizationException fatal) {
            throw fatal;
        } catch (KafkaException abortable) {
            LOG.warn("card-blocker transaction failed ({}); aborting it and reading the alerts again", abortable.toString());
            producer.abortTransaction();
            aborted.incrementAndGet();
            rewind();
        }
    }

    /** A record that cannot be read is dead-lettered in the running transaction and skipped. */
    private Alert decode(ConsumerRecord<String, byte[]> record) {
        try {
            Alert alert = record.value() == null ? null : alerts.deserialize(record.topic(), record.headers(), record.value());
            if (alert == null) {
                throw new IllegalArgumentException("alert record without value");
            }
            return alert;
        } catch (RuntimeException unreadable) {
            LOG.error("Dead-lettering unreadable alert at {}-{} offset {}: {}", record.topic(), record.partition(),
                    record.offset(), unreadable.toString());
            producer.send(ErrorHeaders.deadLetter(settings.dlqTopic(), record, ACTOR, unreadable, 1));
            return null;
        }
    }

    private static Map<TopicPartition, OffsetAndMetadata> nextOffsets(ConsumerRecords<String, byte[]> records) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (TopicPartition partition : records.partitions()) {
            List<ConsumerRecord<String, byte[]>> inPartition = records.records(partition);
            offsets.put(partition, new OffsetAndMetadata(inPartition.get(inPartition.size() - 1).offset() + 1));
        }
        return offsets;
    }

    /** After an abort: back to the last committed offsets, so the aborted alerts are handled again. */
    private void rewind() {
        Set<TopicPartition> assigned = consumer.assignment();
        Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(assigned);
        for (TopicPartition partition : assigned) {
            OffsetAndMetadata offset = committed.get(partition);
            if (offset == null) {
                consumer.seekToBeginning(List.of(partition));
            } else {
                consumer.seek(partition, offset.offset());
            }
        }
    }

    /** Stops {@link #run()} after the transaction in hand and waits for it to close; call it from another thread. */
    @Override
    public void close() {
        loop.close();
    }
}

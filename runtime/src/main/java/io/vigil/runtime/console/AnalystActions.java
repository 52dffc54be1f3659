package io.vigil.runtime.console;

import io.vigil.config.TopicNames;
import io.vigil.events.Action;
import io.vigil.events.ActionType;
import io.vigil.events.Alert;
import io.vigil.events.EntityType;
import io.vigil.events.Label;
import io.vigil.events.LabelVerdict;
import io.vigil.serdes.AvroSerdes;
import io.vigil.subscribers.ActionIds;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/**
 * An analyst's actions as events, written with the care of the reactive chain: an {@code UNBLOCK_CARD} action on
 * the actions topic (the stream instances take the card out of their blocked-cards table) and a {@link Label} on
 * the labels topic (each rule's precision is computed from them).
 *
 * <p>Exactly once: every write is one transaction of a transactional producer (idempotent, acks=all), so a
 * {@code read_committed} reader sees it whole or not at all, and a restarted console with the same
 * {@code transactional.id} fences its predecessor. Ids are derived from the request, not drawn at random: a
 * request retried with the same request id (a double click, a browser retry, a CLI run again with
 * {@code --request-id}) names the same action or label, which readers recognise as a repeat. Both are
 * idempotent in effect as well: unblocking an unblocked card changes nothing, and a label is keyed by its alert on
 * a compacted topic, so only an alert's latest label counts.
 */
public final class AnalystActions implements AutoCloseable {

    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

    /** Where a written event landed. */
    public record Written(String id, String topic, int partition, long offset) {
    }

    private final Producer<String, byte[]> producer;
    private final Serializer<SpecificRecord> actions;
    private final Serializer<SpecificRecord> labels;
    private final TopicNames topics;
    private final Clock clock;

    AnalystActions(Producer<String, byte[]> producer, Serializer<SpecificRecord> actions,
                   Serializer<SpecificRecord> labels, TopicNames topics, Clock clock) {
        this.producer = producer;
        this.actions = actions;
        this.labels = labels;
        this.topics = topics;
        this.clock = clock;
    }

    /**
     * A writer with its own transactional producer, ready to write (its transactions initialised).
     *
     * @param transactionalId stable per writer: a restarted writer with the same id fences the previous one
     */
    public static AnalystActions create(Map<String, ?> clientProperties, TopicNames topics, String transactionalId) {
        Map<String, Object> config = new HashMap<>(clientProperties);
        config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 15_000);
        KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config, new StringSerializer(),
                (topic, bytes) -> (byte[]) bytes);
        try {
            producer.initTransactions();
        } catch (RuntimeException e) {
            producer.close(Duration.ZERO);
            throw e;
        }
        return new AnalystActions(producer, serializer(Action.class, clientProperties),
                serializer(Label.class, clientProperties), topics, Clock.systemUTC());
    }

    @SuppressWarnings("unchecked")
    private static <T extends SpecificRecord> Serializer<SpecificRecord> serializer(Class<T> type,
                                                                                  Map<String, ?> properties) {
        return (Serializer<SpecificRecord>) (Serializer<?>) AvroSerdes.specific(type, properties, false).serializer();
    }

    /** The UNBLOCK_CARD action for {@code cardId}; its id is derived from the card and {@code requestId}. */
    public static Action unblockAction(String cardId, String requestId, String actor, String reason, Instant at) {
        return Action.newBuilder()
                .setActionId(ActionIds.actionId(ActionType.UNBLOCK_CARD, "unblock|" + cardId + "|" + requestId))
                .setType(ActionType.UNBLOCK_CARD)
                .setEntityType(EntityType.CARD)
                .setEntityId(cardId)
                .setAlertId(null)
                .setTimestamp(at)
                .setActor(actor)
                .setReason(reason)
                .build();
    }

    /** The label of {@code alert}; its id is derived from the alert, the verdict and {@code requestId}. */
    public static Label label(Alert alert, LabelVerdict verdict, String requestId, String actor, String note,
                              Instant at) {
        return Label.newBuilder()
                .setLabelId(UUID.nameUUIDFromBytes(("label|" + alert.getAlertId() + "|" + verdict + "|" + requestId)
                        .getBytes(StandardCharsets.UTF_8)).toString())
                .setAlertId(alert.getAlertId())
                .setVerdict(verdict)
                .setRuleId(alert.getRuleId())
                .setRuleVersion(alert.getRuleVersion())
                .setEntityType(alert.getEntityType())
                .setEntityId(alert.getEntityId())
                .setTimestamp(at)
                .setActor(actor)
                .setNote(note)
                .build();
    }

    /** Writes an UNBLOCK_CARD action for {@code cardId}, keyed by the card like every action. */
    public synchronized Written unblock(String cardId, String requestId, String actor, String reason) {
        Action action = unblockAction(requireId(cardId, "card id"), requestId, actor, reason, clock.instant());
        return write(topics.actions(), cardId, actions.serialize(topics.actions(), action), action.getActionId());
    }

    /** Writes {@code verdict} on {@code alert} to the labels topic, keyed by the alert id. */
    public synchronized Written label(Alert alert, LabelVerdict verdict, String requestId, String actor, String note) {
        Label label = label(alert, Objects.requireNonNull(verdict, "verdict"), requestId, actor, note,
                clock.instant());
        return write(topics.labels(), alert.getAlertId(), labels.serialize(topics.labels(), label), label.getLabelId());
    }

    private Written write(String topic, String key, byte[] value, String id) {
        producer.beginTransaction();
        Future<RecordMetadata> sent;
        try {
            sent = producer.send(new ProducerRecord<>(topic, key, value));
            producer.commitTransaction();
        } catch (ProducerFencedException | InvalidProducerEpochException | UnsupportedVersionException
                 | AuthorizationException fatal) {
            throw new IllegalStateException("Cannot write to " + topic + ": " + fatal.getMessage(), fatal);
        } catch (KafkaException abortable) {
            producer.abortTransaction();
            throw new IllegalStateException("Writing to " + topic + " failed and was rolled back: "
                    + abortable.getMessage(), abortable);
        }
        try {
            // Committed, so the send has completed: this only reads where the record went.
            RecordMetadata metadata = sent.get();
            return new Written(id, topic, metadata.partition(), metadata.offset());
        } catch (ExecutionException e) {
            throw new IllegalStateException("Writing to " + topic + " failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted after writing to " + topic, e);
        }
    }

    private static String requireId(String id, String what) {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("a " + what + " is required");
        }
        return id;
    }

    @Override
    public void close() {
        producer.close(CLOSE_TIMEOUT);
    }
}

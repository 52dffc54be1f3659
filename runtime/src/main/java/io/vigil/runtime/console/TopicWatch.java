package io.vigil.runtime.console;

import io.vigil.config.TopicNames;
import io.vigil.events.Action;
import io.vigil.events.ActionType;
import io.vigil.events.Alert;
import io.vigil.events.EntityType;
import io.vigil.events.Label;
import io.vigil.serdes.AvroSerdes;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The console's one reader of the chain's topics: alerts (for the feed), actions (counts by type, and which cards
 * are blocked), incidents (a count) and labels (precision). It reads {@code read_committed}, so the page shows
 * only what the chain committed, and without a consumer group: every console reads every partition, so it can
 * answer for any entity wherever the page was opened, and commits nothing, so it never competes with the
 * subscribers for partitions.
 *
 * <p>Where it starts: the alerts topic near its end ({@link #ALERT_BACKLOG} per partition, the feed is a
 * window), the other three at their beginning, since their counts and the labels' precision are totals.
 */
final class TopicWatch implements Runnable, AutoCloseable {

    static final int ALERT_BACKLOG = 200;
    private static final int BLOCKS_HELD = 200_000;
    private static final Duration POLL = Duration.ofMillis(250);
    private static final Duration FIRST_RETRY = Duration.ofSeconds(2);
    private static final Duration LAST_RETRY = Duration.ofMinutes(1);
    private static final Logger log = LoggerFactory.getLogger(TopicWatch.class);

    private final Map<String, Object> consumerConfig;
    private final TopicNames topics;
    private final AlertFeed feed;
    private final LabelPrecision precision;
    private final Deserializer<Alert> alerts;
    private final Deserializer<Action> actions;
    private final Deserializer<Label> labels;
    private final Map<ActionType, AtomicLong> actionCounts = new EnumMap<>(ActionType.class);
    private final AtomicLong incidents = new AtomicLong();
    private final AtomicLong unreadable = new AtomicLong();
    private final Map<String, Action> lastBlockAction = new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Action> eldest) {
            return size() > BLOCKS_HELD;
        }
    };
    private volatile KafkaConsumer<String, byte[]> consumer;
    private volatile boolean closing;
    private volatile boolean caughtUp;

    TopicWatch(Map<String, ?> clientProperties, TopicNames topics, AlertFeed feed, LabelPrecision precision) {
        Map<String, Object> config = new HashMap<>(clientProperties);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "vigil-console-" + System.identityHashCode(this));
        this.consumerConfig = config;
        this.topics = topics;
        this.feed = feed;
        this.precision = precision;
        this.alerts = AvroSerdes.specific(Alert.class, clientProperties, false).deserializer();
        this.actions = AvroSerdes.specific(Action.class, clientProperties, false).deserializer();
        this.labels = AvroSerdes.specific(io.vigil.events.Label.class, clientProperties, false).deserializer();
        for (ActionType type : ActionType.values()) {
            actionCounts.put(type, new AtomicLong());
        }
    }

    @Override
    public void run() {
        Duration retry = FIRST_RETRY;
        while (!closing) {
            try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(consumerConfig, new StringDeserializer(),
                    new ByteArrayDeserializer())) {
                consumer = c;
                if (closing) {
                    return;
                }
                assign(c);
                retry = FIRST_RETRY;
                while (!closing) {
                    for (ConsumerRecord<String, byte[]> record : c.poll(POLL)) {
                        handle(record);
                    }
                    caughtUp = true;
                }
            } catch (WakeupException e) {
                return;
            } catch (RuntimeException e) {
                // The reader must outlive a broker restart; counts restart with it, from the topics' beginning. A
                // lasting cause (no read permission on a secured cluster) is retried ever more slowly, up to a minute.
                log.warn("Console reader of {} failed ({}); starting again in {} s", topics.alerts(), e.toString(),
                        retry.toSeconds());
                reset();
                sleep(retry);
                retry = retry.multipliedBy(2).compareTo(LAST_RETRY) > 0 ? LAST_RETRY : retry.multipliedBy(2);
            }
        }
    }

    private void assign(KafkaConsumer<String, byte[]> c) {
        List<TopicPartition> all = new ArrayList<>();
        List<TopicPartition> alertPartitions = new ArrayList<>();
        for (String topic : List.of(topics.alerts(), topics.actions(), topics.incidents(), topics.labels())) {
            c.partitionsFor(topic).forEach(p -> {
                TopicPartition tp = new TopicPartition(p.topic(), p.partition());
                all.add(tp);
                if (topic.equals(topics.alerts())) {
                    alertPartitions.add(tp);
                }
            });
        }
        c.assign(all);
        c.seekToBeginning(all);
        Map<TopicPartition, Long> begin = c.beginningOffsets(alertPartitions);
        c.endOffsets(alertPartitions).forEach((tp, end) ->
                c.seek(tp, Math.max(begin.getOrDefault(tp, 0L), end - ALERT_BACKLOG)));
    }

    private void handle(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null) {
            return;
        }
        try {
            String topic = record.topic();
            if (topic.equals(topics.alerts())) {
                feed.add(alerts.deserialize(topic, record.headers(), record.value()), record.timestamp());
            } else if (topic.equals(topics.actions())) {
                action(actions.deserialize(topic, record.headers(), record.value()));
            } else if (topic.equals(topics.incidents())) {
                incidents.incrementAndGet();
            } else if (topic.equals(topics.labels())) {
                precision.add(labels.deserialize(topic, record.headers(), record.value()));
            }
        } catch (RuntimeException unreadable) {
            // The stream instances and subscribers dead-letter such records; the console only counts them.
            this.unreadable.incrementAndGet();
            log.debug("Console skipped an unreadable record at {}-{}@{}: {}", record.topic(), record.partition(),
                    record.offset(), unreadable.toString());
        }
    }

    private void action(Action action) {
        actionCounts.get(action.getType()).incrementAndGet();
        if (action.getEntityType() == EntityType.CARD
                && (action.getType() == ActionType.BLOCK_CARD || action.getType() == ActionType.UNBLOCK_CARD)) {
            synchronized (lastBlockAction) {
                lastBlockAction.put(action.getEntityId(), action);
            }
        }
    }

    /** The last BLOCK_CARD or UNBLOCK_CARD action on {@code cardId}, if the console has read one. */
    Optional<Action> blockState(String cardId) {
        synchronized (lastBlockAction) {
            return Optional.ofNullable(lastBlockAction.get(cardId));
        }
    }

    long blockedCards() {
        synchronized (lastBlockAction) {
            return lastBlockAction.values().stream().filter(a -> a.getType() == ActionType.BLOCK_CARD).count();
        }
    }

    long actions(ActionType type) {
        return actionCounts.get(type).get();
    }

    long incidents() {
        return incidents.get();
    }

    long unreadable() {
        return unreadable.get();
    }

    /** Whether the reader has polled once past its starting positions. */
    boolean running() {
        return caughtUp;
    }

    private void reset() {
        caughtUp = false;
        actionCounts.values().forEach(c -> c.set(0));
        incidents.set(0);
        synchronized (lastBlockAction) {
            lastBlockAction.clear();
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        closing = true;
        KafkaConsumer<String, byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
    }
}

package io.vigil.lab.demo;

import io.vigil.config.DetectorCatalog;
import io.vigil.config.TopicNames;
import io.vigil.events.Action;
import io.vigil.events.ActionType;
import io.vigil.events.Alert;
import io.vigil.events.Incident;
import io.vigil.events.Severity;
import io.vigil.serdes.AvroSerdes;
import io.vigil.subscribers.CardBlocker;
import io.vigil.subscribers.Notification;
import io.vigil.subscribers.NotificationSink;

import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * Measures the reactive chain of a demo run from the outside: it reads the alerts, actions and incidents topics as
 * a downstream consumer sees them ({@code read_committed}, from the beginning) and is the notifier's sink, so it
 * can say for every stage what should have happened and what did: one BLOCK_CARD action per eligible alert (by the
 * card-blocker's own {@link CardBlocker#eligible} rule), one notification per alert, incident and action, no
 * repeats, and how long the notifier took from an alert becoming visible to its notification.
 *
 * <p>That latency is measured in this process on one clock: from this reader's first sight of a committed alert to
 * the notifier handing the alert's notification to this sink. The two consumers poll independently, so the
 * notification can come first; that counts as 0 ms. Event-to-alert latency, which includes detection and the
 * commit interval, is the demo's other figure.
 */
public final class ChainCollector implements Runnable, AutoCloseable, NotificationSink {

    private static final Logger log = LoggerFactory.getLogger(ChainCollector.class);

    private final KafkaConsumer<String, byte[]> consumer;
    private final TopicNames topics;
    private final Deserializer<Alert> alertReader;
    private final Deserializer<Action> actionReader;
    private final Deserializer<Incident> incidentReader;
    private final Severity minSeverity;
    private final Clock clock;
    private final Map<String, Alert> alerts = new LinkedHashMap<>();
    private final Set<String> eligible = new HashSet<>();
    private final Set<String> actionIds = new HashSet<>();
    private final Set<String> otherActionIds = new HashSet<>();
    private final Map<String, Set<String>> actionsByAlert = new HashMap<>();
    private final Set<String> incidentIds = new HashSet<>();
    private final Map<String, Integer> notified = new HashMap<>();
    private final Map<String, Long> alertSeenAtMillis = new HashMap<>();
    private final Set<String> notifiedBeforeSeen = new HashSet<>();
    private final Histogram latencyMillis = new Histogram(3_600_000L, 3);
    private long actionRecords;
    private volatile boolean running = true;

    /** @param minSeverity the card-blocker's minimum severity */
    public ChainCollector(Map<String, Object> clientProperties, TopicNames topics, Severity minSeverity) {
        this(clientProperties, topics, minSeverity, Clock.systemUTC());
    }

    ChainCollector(Map<String, Object> clientProperties, TopicNames topics, Severity minSeverity, Clock clock) {
        Properties props = new Properties();
        props.putAll(clientProperties);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "vigil-demo-chain-" + System.nanoTime());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        this.consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
        this.topics = topics;
        this.alertReader = AvroSerdes.specific(Alert.class, clientProperties, false).deserializer();
        this.actionReader = AvroSerdes.specific(Action.class, clientProperties, false).deserializer();
        this.incidentReader = AvroSerdes.specific(Incident.class, clientProperties, false).deserializer();
        this.minSeverity = minSeverity;
        this.clock = clock;
    }

    @Override
    public void run() {
        try {
            consumer.subscribe(List.of(topics.alerts(), topics.actions(), topics.incidents()));
            while (running) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    read(record);
                }
            }
        } catch (WakeupException e) {
            if (running) {
                throw e;
            }
        } catch (RuntimeException e) {
            log.error("Chain collector stopped", e);
            throw e;
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private void read(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null) {
            return;
        }
        String topic = record.topic();
        if (topic.equals(topics.alerts())) {
            alert(alertReader.deserialize(topic, record.headers(), record.value()));
        } else if (topic.equals(topics.actions())) {
            action(actionReader.deserialize(topic, record.headers(), record.value()));
        } else {
            incident(incidentReader.deserialize(topic, record.headers(), record.value()));
        }
    }

    synchronized void alert(Alert alert) {
        if (alerts.putIfAbsent(alert.getAlertId(), alert) != null) {
            return;
        }
        if (CardBlocker.eligible(alert, minSeverity)) {
            eligible.add(alert.getAlertId());
        }
        if (notifiedBeforeSeen.remove(alert.getAlertId())) {
            latencyMillis.recordValue(0);
        } else {
            alertSeenAtMillis.put(alert.getAlertId(), clock.millis());
        }
    }

    synchronized void action(Action action) {
        if (action.getType() != ActionType.BLOCK_CARD) {
            // An analyst's UNBLOCK_CARD (from the console or the command line) is notified like any action, but no
            // alert asks for it: it is expected as a notification and judged nowhere else.
            otherActionIds.add(action.getActionId());
            return;
        }
        actionRecords++;
        if (actionIds.add(action.getActionId()) && action.getAlertId() != null) {
            actionsByAlert.computeIfAbsent(action.getAlertId(), k -> new HashSet<>()).add(action.getActionId());
        }
    }

    synchronized void incident(Incident incident) {
        incidentIds.add(incident.getIncidentId());
    }

    /** The notifier's sink: counts each delivery and times the first notification of each alert. */
    @Override
    public synchronized void deliver(Notification notification) {
        boolean first = notified.merge(notification.key(), 1, Integer::sum) == 1;
        if (!first || !Notification.ALERT.equals(notification.kind())) {
            return;
        }
        Long seen = alertSeenAtMillis.remove(notification.id());
        if (seen == null) {
            notifiedBeforeSeen.add(notification.id());
        } else {
            long latency = clock.millis() - seen;
            latencyMillis.recordValue(Math.max(0, Math.min(latency, latencyMillis.getHighestTrackableValue())));
        }
    }

    @Override
    public String describe() {
        return "the demo's chain collector";
    }

    public synchronized ChainSummary summary() {
        long missingActions = eligible.stream().filter(id -> !actionsByAlert.containsKey(id)).count();
        long answeredTwice = actionsByAlert.entrySet().stream()
                .filter(e -> eligible.contains(e.getKey()))
                .mapToLong(e -> e.getValue().size() - 1L).sum();
        long unexpectedActions = actionsByAlert.keySet().stream().filter(id -> !eligible.contains(id)).count();
        Set<String> expected = expectedKeys();
        long missingNotifications = expected.stream().filter(k -> !notified.containsKey(k)).count();
        long duplicateNotifications = notified.values().stream().mapToLong(n -> n - 1L).sum();
        long blocked = alerts.values().stream()
                .filter(a -> DetectorCatalog.BLOCKED_CARD_USED.equals(a.getDetector())).count();
        boolean timed = latencyMillis.getTotalCount() > 0;
        return new ChainSummary(alerts.size(), eligible.size(), actionIds.size(), missingActions,
                (actionRecords - actionIds.size()) + answeredTwice, unexpectedActions, incidentIds.size(), blocked,
                notified.size(), expected.size(), missingNotifications, duplicateNotifications,
                timed ? latencyMillis.getValueAtPercentile(50) : Double.NaN,
                timed ? latencyMillis.getValueAtPercentile(99) : Double.NaN, minSeverity.name());
    }

    private Set<String> expectedKeys() {
        Set<String> expected = new HashSet<>();
        alerts.keySet().forEach(id -> expected.add(Notification.ALERT + ":" + id));
        incidentIds.forEach(id -> expected.add(Notification.INCIDENT + ":" + id));
        actionIds.forEach(id -> expected.add(Notification.ACTION + ":" + id));
        otherActionIds.forEach(id -> expected.add(Notification.ACTION + ":" + id));
        return expected;
    }

    /** Every eligible alert has its action and every item its notification: the chain has caught up. */
    public synchronized boolean settled() {
        ChainSummary now = summary();
        return now.missingActions() == 0 && now.missingNotifications() == 0;
    }

    /** A number that changes whenever anything new was seen or delivered, to tell a quiet chain from a busy one. */
    public synchronized long activity() {
        return alerts.size() + actionRecords + incidentIds.size()
                + notified.values().stream().mapToLong(Integer::longValue).sum();
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
    }
}

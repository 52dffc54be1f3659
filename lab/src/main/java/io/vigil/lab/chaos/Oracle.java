package io.vigil.lab.chaos;

import io.vigil.config.VigilConfig;
import io.vigil.detectors.fraud.CardDetection;
import io.vigil.detectors.telemetry.DeviceDetection;
import io.vigil.detectors.telemetry.SilenceDetector;
import io.vigil.events.Alert;
import io.vigil.events.AlertStatus;
import io.vigil.events.Telemetry;
import io.vigil.events.Transaction;
import io.vigil.lab.chaos.TopicLog.Coordinates;
import io.vigil.lab.chaos.TopicLog.RawRecord;
import io.vigil.lab.replay.DetectorReplay;

import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Says which alerts must exist, by replaying the input log offline through the same pure detectors the stream
 * instances run, with the same rules and grace period.
 *
 * <p>Feed it every committed input record, each partition in offset order ({@link #accept}); it mirrors the two
 * detection processors exactly: a record whose key or value cannot be read, or whose processing throws, must be
 * dead-lettered and changes no state, and so must one the topology's input gate refuses (out of the input bounds,
 * or more than {@code vigil.max.clock.skew} ahead of its record timestamp); otherwise the entity's state (kept per topic partition, like a task's
 * store, and round-tripped through the store's own serde: {@link DetectorReplay#throughStoreSerdes}) goes through
 * {@link CardDetection} or {@link DeviceDetection} and the alerts that come out must be on the alerts topic.
 *
 * <p>What it cannot predict exactly: silence alerts. They are raised by a wall-clock punctuator, and "last seen" is
 * the wall-clock time a reading was processed, so a crash or a stall changes when a device's deadline comes. Their
 * OPENs come from the punctuator and their RESOLVEDs from the first reading after one, so the oracle leaves every
 * silence rule's alerts out of the exact set; {@link ChaosVerifier} checks them as "at most one OPEN per silence
 * episode, at most one RESOLVED per OPEN, each for a real reading of that device", and every OPEN must be explained
 * by a real gap in that device's input ({@link #silenceExplained}): a stall of our own must not look like one. Every
 * other telemetry rule reads only event time: the wall-clock "now" passed to {@link DeviceDetection#process}
 * moves "last seen" and the silence rules' cooldown, and nothing else, so here it is the record's timestamp.
 */
public final class Oracle {

    /** An alert the oracle expects, with what identifies it for a report, and the whole alert to compare. */
    public record ExpectedAlert(String alertId, String ruleId, String entityId, AlertStatus status, Alert alert) {
    }

    private final String transactionsTopic;
    private final String telemetryTopic;
    private final DetectorReplay detectors;
    private final Set<String> silenceRules = new HashSet<>();
    private final Deserializer<Transaction> transactionReader;
    private final Deserializer<Telemetry> telemetryReader;
    private final StringDeserializer keys = new StringDeserializer();
    private final Map<String, ExpectedAlert> expected = new LinkedHashMap<>();
    private final Map<Coordinates, RawRecord> mustFail = new LinkedHashMap<>();
    private final Set<String> readingsSeen = new HashSet<>();
    private final Map<String, Long> silenceDeadlines = new HashMap<>();
    /** Per device, its last reading the detectors saw: its key in {@link #gapAfter} and its record timestamp. */
    private final Map<String, Map.Entry<String, Long>> lastReading = new HashMap<>();
    /** Per reading (device and event id), the time from its record timestamp to the device's next reading's. */
    private final Map<String, Long> gapAfter = new HashMap<>();
    private long records;

    public Oracle(VigilConfig config, Deserializer<Transaction> transactionReader,
                  Deserializer<Telemetry> telemetryReader) {
        this.transactionsTopic = config.topics().transactions();
        this.telemetryTopic = config.topics().telemetry();
        // The gate's skew is judged against each record's Kafka timestamp, the recording's clock; live it is the
        // wall clock when the record is processed, seconds later, so the two agree on every event further ahead
        // than the skew plus the processing lag (a poison pill stamped 2099 is refused by both).
        this.detectors = DetectorReplay.throughStoreSerdes(config.rules(), config.streams().grace(),
                config.input().maxClockSkew());
        for (SilenceDetector silence : detectors.devices().silenceDetectors()) {
            silenceRules.add(silence.rule().id());
            silenceDeadlines.put(silence.rule().id(), silence.deadlineMillis());
        }
        this.transactionReader = transactionReader;
        this.telemetryReader = telemetryReader;
    }

    /** Replays one input record; records of one partition must come in offset order. */
    public void accept(RawRecord record) {
        records++;
        if (record.topic().equals(transactionsTopic)) {
            acceptTransaction(record);
        } else if (record.topic().equals(telemetryTopic)) {
            acceptReading(record);
        } else {
            throw new IllegalArgumentException("Not an input topic: " + record.topic());
        }
    }

    private void acceptTransaction(RawRecord record) {
        try {
            String key = keys.deserialize(record.topic(), record.key());
            Transaction tx = transactionReader.deserialize(record.topic(), record.value());
            if (key == null || tx == null) {
                throw new IllegalArgumentException("transaction without key or value");
            }
            CardDetection.Outcome outcome = detectors.transaction(stateKey(record, key), key, tx, record.timestamp());
            if (outcome.disposition() == CardDetection.Disposition.ACCEPTED) {
                outcome.alerts().forEach(this::expect);
            }
        } catch (RuntimeException e) {
            mustFail.put(record.coordinates(), record);
        }
    }

    private void acceptReading(RawRecord record) {
        try {
            String key = keys.deserialize(record.topic(), record.key());
            Telemetry reading = telemetryReader.deserialize(record.topic(), record.value());
            if (key == null || key.isEmpty() || reading == null) {
                throw new IllegalArgumentException("reading without key or value");
            }
            DeviceDetection.Outcome outcome = detectors.reading(stateKey(record, key), key, reading, record.timestamp(),
                    record.timestamp());
            if (outcome.disposition() == DeviceDetection.Disposition.DUPLICATE_EVENT) {
                return;
            }
            String seen = reading.getDeviceId() + "|" + reading.getEventId();
            readingsSeen.add(seen);
            // Every reading the detectors saw (late ones too) proves the device alive when it is processed.
            Map.Entry<String, Long> previous = lastReading.put(reading.getDeviceId(),
                    Map.entry(seen, record.timestamp()));
            if (previous != null) {
                gapAfter.put(previous.getKey(), record.timestamp() - previous.getValue());
            }
            outcome.alerts().forEach(this::expect);
        } catch (RuntimeException e) {
            mustFail.put(record.coordinates(), record);
        }
    }

    private void expect(Alert alert) {
        if (!silenceRules.contains(alert.getRuleId())) {
            expected.put(alert.getAlertId(), new ExpectedAlert(alert.getAlertId(), alert.getRuleId(),
                    alert.getEntityId(), alert.getStatus(), alert));
        }
    }

    private static String stateKey(RawRecord record, String key) {
        return record.topic() + "|" + record.partition() + "|" + key;
    }

    /** Replays every committed record of both input topics, read through {@code log}. */
    public void replay(TopicLog log) {
        Consumer<RawRecord> sink = this::accept;
        log.readCommitted(transactionsTopic, sink);
        log.readCommitted(telemetryTopic, sink);
    }

    /** The alerts that must exist, silence rules excluded, by alert id. */
    public Map<String, ExpectedAlert> expectedAlerts() {
        return Map.copyOf(expected);
    }

    /** The input records that must be in the dead-letter queue, by their coordinates. */
    public Map<Coordinates, RawRecord> mustFail() {
        return Map.copyOf(mustFail);
    }

    /** Ids of the rules whose alerts are checked by episode instead of exactly. */
    public Set<String> silenceRules() {
        return Set.copyOf(silenceRules);
    }

    /** Whether {@code deviceId} sent a reading with {@code eventId} that the detectors saw. */
    public boolean sawReading(String deviceId, String eventId) {
        return readingsSeen.contains(deviceId + "|" + eventId);
    }

    /**
     * Whether a real gap in the device's input explains the silence OPEN {@code alert}: after the reading it names,
     * the device's next reading came at least the rule's deadline later (by record timestamp, the input's own
     * clock), or never. A silence alert without such a gap came from the stream falling behind, not from the
     * device. An OPEN naming a reading the device never sent is reported as such elsewhere and counts as
     * explained here.
     */
    public boolean silenceExplained(Alert alert) {
        String reading = alert.getTriggeringEventIds().isEmpty() ? "" : alert.getTriggeringEventIds().get(0);
        String key = alert.getEntityId() + "|" + reading;
        Long gap = gapAfter.get(key);
        Long deadline = silenceDeadlines.get(alert.getRuleId());
        return gap == null || deadline == null || gap >= deadline;
    }

    /** Input records replayed. */
    public long records() {
        return records;
    }
}

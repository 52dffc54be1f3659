package io.vigil.topology;

import static io.vigil.serdes.testkit.Events.aReading;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigil.config.RuleSet;
import io.vigil.config.RuleSpec;
import io.vigil.config.StoreType;
import io.vigil.config.VigilConfig;
import io.vigil.detectors.AlertIds;
import io.vigil.detectors.fraud.CardDetection;
import io.vigil.detectors.telemetry.DeviceDetection;
import io.vigil.detectors.telemetry.DeviceState;
import io.vigil.events.Alert;
import io.vigil.events.AlertStatus;
import io.vigil.events.EntityType;
import io.vigil.events.Severity;
import io.vigil.events.Telemetry;
import io.vigil.topology.testkit.VigilTestDriver;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.BytesDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The telemetry topology on {@link TopologyTestDriver}. Event time and wall-clock time both start at T0 and
 * move separately: readings carry their event time, and {@code advanceWallClockTime} moves the clock that
 * drives silence, with no input at all.
 */
class TelemetryTopologyTest {

    private static final Instant T0 = Instant.parse("2026-11-23T12:00:00Z");
    private static final String LATE_TOPIC = "vigil.late-telemetry";

    // The default topic names; the late topic is given to the topology itself.
    private final VigilConfig config = VigilConfig.defaults();

    @TempDir
    Path stateDir;
    private VigilTestDriver vigil;
    private VigilSerdes serdes;
    private TopologyTestDriver driver;
    private TestInputTopic<String, Telemetry> telemetry;
    private TestOutputTopic<String, Alert> alerts;
    private TestOutputTopic<String, Telemetry> late;

    private static final RuleSpec OVERHEAT = new RuleSpec("overheat", 2, "threshold", true, "HIGH",
            Duration.ofMinutes(10), Map.of("metric", "temperature", "upper", "90", "lower", "85"));
    private static final RuleSpec SILENT = new RuleSpec("device-silent", 1, "silence", true, "MEDIUM",
            Duration.ofMinutes(1), Map.of("deadline", "60s", "checkInterval", "5s"));

    @BeforeEach
    void setUp() {
        vigil = VigilTestDriver.of(config, stateDir);
        serdes = vigil.serdes();
        driver = startDriver(T0, StoreType.IN_MEMORY, false);
    }

    /** The telemetry topology alone, under a stream instance's properties; starting again is a restart. */
    private TopologyTestDriver startDriver(Instant wallClock, StoreType storeType, boolean caching) {
        DeviceDetection detection = DeviceDetection.fromRules(new RuleSet(List.of(OVERHEAT, SILENT)), Duration.ofSeconds(30));
        TelemetryTopology topology = new TelemetryTopology(serdes.telemetry(), serdes.alerts(), Optional.of(LATE_TOPIC),
                detection, storeType, caching, new SimpleMeterRegistry());
        TopologyTestDriver started = vigil.start(topology.build(), wallClock);

        var tm = serdes.telemetry();
        telemetry = vigil.input(tm);
        alerts = vigil.output(serdes.alerts());
        late = started.createOutputTopic(LATE_TOPIC, tm.keySerde().deserializer(), tm.valueSerde().deserializer());
        return started;
    }

    @AfterEach
    void tearDown() {
        vigil.close();
    }

    private static Telemetry reading(String deviceId, String eventId, long secondsAfterT0, String metric, double value) {
        return aReading().id(eventId).device(deviceId).at(T0.plusSeconds(secondsAfterT0)).metric(metric).value(value)
                .unit("").build();
    }

    private void pipe(String deviceId, String eventId, long secondsAfterT0, double temperature) {
        Telemetry value = reading(deviceId, eventId, secondsAfterT0, "temperature", temperature);
        telemetry.pipeInput(new TestRecord<>(deviceId, value, value.getTimestamp()));
    }

    private void advanceWallClock(Duration by) {
        driver.advanceWallClockTime(by);
    }

    private List<String> indexedDeadlines() {
        List<String> keys = new ArrayList<>();
        KeyValueStore<Bytes, byte[]> index = driver.getKeyValueStore(TelemetryTopology.DEADLINE_STORE);
        try (KeyValueIterator<Bytes, byte[]> all = index.all()) {
            all.forEachRemaining(kv -> keys.add(
                    Instant.ofEpochMilli(DeadlineIndex.deadlineMillis(kv.key)) + " " + DeadlineIndex.deviceId(kv.key)));
        }
        return keys;
    }

    @Test
    void shouldOpenSilenceWithNoFurtherInputAndResolveWhenTheDeviceSpeaksAgain() {
        // Given one reading at wall-clock T0 and then nothing at all
        pipe("dev-1", "r1", 0, 20.0);

        advanceWallClock(Duration.ofSeconds(55));
        assertTrue(alerts.isEmpty(), "59 s of silence is within the 60 s deadline");

        advanceWallClock(Duration.ofSeconds(5));   // wall clock T0 + 60 s: the deadline
        Alert open = Alert.newBuilder()
                .setAlertId(AlertIds.alertId("device-silent", "dev-1", "r1"))
                .setRuleId("device-silent").setRuleVersion(1).setDetector("silence")
                .setEntityType(EntityType.DEVICE).setEntityId("dev-1")
                .setSeverity(Severity.MEDIUM).setStatus(AlertStatus.OPEN).setResolvesAlertId(null)
                .setEventTimestamp(T0.plusSeconds(60))
                .setWindowStart(T0).setWindowEnd(T0.plusSeconds(60))
                .setTriggeringEventIds(List.of("r1"))
                .setFeatures(Map.of("silentSeconds", 60.0, "deadlineSeconds", 60.0, "delaySeconds", 0.0))
                .setExplanation("Device dev-1 silent for 60 s (deadline 60 s); last reading r1")
                .build();
        TestRecord<String, Alert> opened = alerts.readRecord();
        assertEquals("dev-1", opened.key());
        assertEquals(open, opened.value());
        assertEquals(T0.plusSeconds(60), opened.getRecordTime());
        assertTrue(alerts.isEmpty());

        // When ten more quiet minutes pass, Then no second OPEN: it is the same episode.
        for (int i = 0; i < 10; i++) {
            advanceWallClock(Duration.ofMinutes(1));
        }
        assertTrue(alerts.isEmpty(), "one episode, one OPEN");
        assertEquals(List.of(), indexedDeadlines(), "a silenced device waits for its next reading, not for the clock");

        // When the device speaks again at wall clock T0 + 11 min, Then exactly one RESOLVED naming the OPEN
        pipe("dev-1", "r2", 660, 21.0);
        Alert resolved = Alert.newBuilder()
                .setAlertId(AlertIds.resolutionId(open.getAlertId()))
                .setRuleId("device-silent").setRuleVersion(1).setDetector("silence")
                .setEntityType(EntityType.DEVICE).setEntityId("dev-1")
                .setSeverity(Severity.MEDIUM).setStatus(AlertStatus.RESOLVED).setResolvesAlertId(open.getAlertId())
                .setEventTimestamp(T0.plusSeconds(660))
                .setWindowStart(T0).setWindowEnd(T0.plusSeconds(660))
                .setTriggeringEventIds(List.of("r2"))
                .setFeatures(Map.of("silentSeconds", 660.0))
                .setExplanation("Device dev-1 reporting again after 11 min of silence")
                .build();
        assertEquals(resolved, alerts.readValue());
        assertTrue(alerts.isEmpty());
        assertEquals(List.of(T0.plusSeconds(720) + " dev-1"), indexedDeadlines());

        // And a redelivered copy of the reading resolves nothing a second time.
        pipe("dev-1", "r2", 660, 21.0);
        assertTrue(alerts.isEmpty());
    }

    @Test
    void shouldFindDueDevicesInAPersistentCachedStoreToo() {
        // The range scan from "the first key" is the part a store implementation could get wrong.
        driver = startDriver(T0, StoreType.ROCKSDB, true);   // closes the in-memory one
        pipe("dev-a", "a1", 0, 20.0);
        advanceWallClock(Duration.ofSeconds(10));
        pipe("dev-b", "b1", 10, 20.0);

        advanceWallClock(Duration.ofSeconds(50));
        assertEquals(List.of("dev-a"), alerts.readValuesToList().stream().map(Alert::getEntityId).toList());
        advanceWallClock(Duration.ofSeconds(10));
        assertEquals(List.of("dev-b"), alerts.readValuesToList().stream().map(Alert::getEntityId).toList());
        assertEquals(List.of(), indexedDeadlines());
    }

    @Test
    void shouldIndexLazilyAndVisitOnlyDevicesThatAreDue() {
        pipe("dev-a", "a1", 0, 20.0);
        pipe("dev-b", "b1", 0, 20.0);
        assertEquals(List.of(T0.plusSeconds(60) + " dev-a", T0.plusSeconds(60) + " dev-b"), indexedDeadlines());

        advanceWallClock(Duration.ofSeconds(30));
        pipe("dev-a", "a2", 30, 20.0);
        assertEquals(List.of(T0.plusSeconds(60) + " dev-a", T0.plusSeconds(60) + " dev-b"), indexedDeadlines(),
                "a reading does not move the index entry");

        advanceWallClock(Duration.ofSeconds(30));   // T0 + 60 s: both entries come up
        assertEquals(List.of(AlertIds.alertId("device-silent", "dev-b", "b1")),
                alerts.readValuesToList().stream().map(Alert::getAlertId).toList(), "only dev-b was silent");
        assertEquals(List.of(T0.plusSeconds(90) + " dev-a"), indexedDeadlines(), "dev-a moved to its real deadline");

        pipe("dev-c", "c1", 60, 20.0);
        advanceWallClock(Duration.ofSeconds(30));   // T0 + 90 s: dev-a is due; dev-c (at 120 s) is not looked at
        assertEquals(List.of("dev-a"), alerts.readValuesToList().stream().map(Alert::getEntityId).toList());
        assertEquals(List.of(T0.plusSeconds(120) + " dev-c"), indexedDeadlines());
    }

    @Test
    void shouldNeverReportADeviceSilentWhileItKeepsReporting() {
        for (int i = 0; i < 20; i++) {
            pipe("dev-1", "r" + i, i * 30L, 20.0);
            advanceWallClock(Duration.ofSeconds(30));
        }

        assertTrue(alerts.isEmpty());
    }

    @Test
    void shouldOpenAndResolveAThresholdEpisodeWithoutFlapping() {
        pipe("dev-1", "r1", 0, 80.0);
        pipe("dev-1", "r2", 10, 91.0);   // above 90: OPEN
        pipe("dev-1", "r3", 20, 89.0);   // between the limits: still open
        pipe("dev-1", "r4", 30, 92.0);   // above again: same episode, nothing
        pipe("dev-1", "r5", 40, 85.0);   // at the release limit: still open
        pipe("dev-1", "r6", 50, 84.0);   // below 85: RESOLVED

        List<TestRecord<String, Alert>> out = alerts.readRecordsToList();
        assertEquals(2, out.size());
        Alert open = out.get(0).value();
        Alert resolved = out.get(1).value();
        assertEquals(AlertIds.alertId("overheat", "dev-1", "r2"), open.getAlertId());
        assertEquals(AlertStatus.OPEN, open.getStatus());
        assertEquals(2, open.getRuleVersion());
        assertEquals(T0.plusSeconds(10), out.get(0).getRecordTime());
        assertEquals(AlertIds.resolutionId(open.getAlertId()), resolved.getAlertId());
        assertEquals(AlertStatus.RESOLVED, resolved.getStatus());
        assertEquals(open.getAlertId(), resolved.getResolvesAlertId());
        assertEquals(List.of("r6"), resolved.getTriggeringEventIds());
        assertEquals(T0.plusSeconds(10), resolved.getWindowStart());
        assertEquals(T0.plusSeconds(50), resolved.getWindowEnd());
        assertEquals(T0.plusSeconds(50), out.get(1).getRecordTime());
    }

    @Test
    void shouldNeitherReopenNorReresolveAfterARestoreFromTheChangelogs() {
        // Given dev-1 overheating and then silenced, and dev-2 indexed but not yet due, when the instance stops
        pipe("dev-1", "r1", 0, 95.0);
        advanceWallClock(Duration.ofSeconds(30));
        pipe("dev-2", "s1", 30, 20.0);
        advanceWallClock(Duration.ofSeconds(30));
        List<Alert> before = alerts.readValuesToList();
        assertEquals(List.of("overheat", "device-silent"), before.stream().map(Alert::getRuleId).toList());
        Map<String, byte[]> stateLog = changelog(TelemetryTopology.DEVICE_STATE_STORE, new StringDeserializer());
        Map<Bytes, byte[]> indexLog = changelog(TelemetryTopology.DEADLINE_STORE, new BytesDeserializer());
        assertEquals(List.of(DeadlineIndex.key(T0.plusSeconds(90).toEpochMilli(), "dev-2")), List.copyOf(indexLog.keySet()),
                "dev-1's entry was deleted when it fired, and the deletion logged");

        // When a new instance, at the same wall-clock time, restores both stores from their changelogs
        driver = startDriver(T0.plusSeconds(60), StoreType.IN_MEMORY, false);   // closes the first
        KeyValueStore<String, DeviceState> states = driver.getKeyValueStore(TelemetryTopology.DEVICE_STATE_STORE);
        DeviceStateSerde serde = new DeviceStateSerde();
        stateLog.forEach((key, value) -> states.put(key, serde.deserializer().deserialize("changelog", value)));
        KeyValueStore<Bytes, byte[]> index = driver.getKeyValueStore(TelemetryTopology.DEADLINE_STORE);
        indexLog.forEach(index::put);

        // Then quiet time opens dev-2's silence once and nothing more for dev-1
        advanceWallClock(Duration.ofMinutes(5));
        assertEquals(List.of(AlertIds.alertId("device-silent", "dev-2", "s1")),
                alerts.readValuesToList().stream().map(Alert::getAlertId).toList());

        // And dev-1's return resolves each of its episodes once, by the ids the first instance opened
        pipe("dev-1", "r2", 400, 50.0);
        List<Alert> after = alerts.readValuesToList();
        assertEquals(2, after.size());
        assertEquals(before.stream().map(Alert::getAlertId).sorted().toList(),
                after.stream().map(Alert::getResolvesAlertId).sorted().toList());
        assertTrue(after.stream().allMatch(a -> a.getStatus() == AlertStatus.RESOLVED));
    }

    /** The latest value per key of a store's changelog topic, as the driver recorded it (tombstones remove). */
    private <K> Map<K, byte[]> changelog(String store, org.apache.kafka.common.serialization.Deserializer<K> keys) {
        TestOutputTopic<K, byte[]> topic = driver.createOutputTopic(vigil.changelogTopic(store), keys,
                new ByteArrayDeserializer());
        List<KeyValue<K, byte[]>> records = topic.readKeyValuesToList();
        assertTrue(!records.isEmpty(), store + " is changelogged");
        Map<K, byte[]> latest = new LinkedHashMap<>();
        for (KeyValue<K, byte[]> kv : records) {
            if (kv.value == null) {
                latest.remove(kv.key);
            } else {
                latest.put(kv.key, kv.value);
            }
        }
        return latest;
    }

    @Test
    void shouldSitNextToTheTransactionTopologyInOneApplication() {
        // Both entity streams run under one application.id: their node and store names must not collide.
        Topology both = new Topology();
        new TransactionTopology(serdes.transactions(), serdes.alerts(), Optional.empty(),
                CardDetection.fromRules(new RuleSet(List.of()), Duration.ofSeconds(30)), StoreType.IN_MEMORY, false,
                new SimpleMeterRegistry()).addTo(both);
        new TelemetryTopology(serdes.telemetry(), serdes.alerts(), Optional.empty(),
                DeviceDetection.fromRules(new RuleSet(List.of(OVERHEAT, SILENT)), Duration.ofSeconds(30)),
                StoreType.IN_MEMORY, false, new SimpleMeterRegistry()).addTo(both);

        assertEquals(2, both.describe().subtopologies().size());
        assertEquals(Set.of(TelemetryTopology.DEVICE_STATE_STORE, TelemetryTopology.DEADLINE_STORE),
                both.describe().subtopologies().stream()
                        .flatMap(s -> s.nodes().stream())
                        .filter(n -> n.name().equals(TelemetryTopology.PROCESSOR))
                        .flatMap(n -> ((TopologyDescription.Processor) n).stores().stream())
                        .collect(Collectors.toSet()));
    }

    @Test
    void shouldDropARedeliveredReadingAndRouteALateOneToTheLateTopic() {
        pipe("dev-1", "r1", 100, 95.0);
        pipe("dev-1", "r1", 100, 95.0);     // the same event again: dropped
        pipe("dev-1", "old", 60, 99.0);     // 40 s behind the device's newest: beyond the 30 s grace

        assertEquals(List.of(AlertIds.alertId("overheat", "dev-1", "r1")),
                alerts.readValuesToList().stream().map(Alert::getAlertId).toList());
        assertEquals("old", late.readValue().getEventId());
        assertTrue(late.isEmpty());
    }

    @Test
    void shouldSendAReadingWithoutAValueThatIsANumberToTheDlqAndKeepProcessing() {
        var dlq = vigil.dlq();
        pipe("dev-1", "nan", 0, Double.NaN);
        pipe("dev-1", "hot", 10, 95.0);

        TestRecord<byte[], byte[]> dead = dlq.readRecord();
        assertEquals("dev-1", new String(dead.key(), StandardCharsets.UTF_8));
        assertTrue(header(dead, "__streams.errors.message").contains("no finite value"));
        assertTrue(dlq.isEmpty());
        assertEquals(1, alerts.readValuesToList().size(), "the reading after the bad one was still processed");
    }

    @Test
    void shouldSendAReadingWithoutKeyToTheDlq() {
        var dlq = vigil.dlq();

        telemetry.pipeInput(new TestRecord<>(null, reading("dev-1", "no-key", 0, "temperature", 99.0), T0));

        assertTrue(header(dlq.readRecord(), "__streams.errors.message").contains("without key"));
        assertTrue(alerts.isEmpty());
    }

    private static String header(TestRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}

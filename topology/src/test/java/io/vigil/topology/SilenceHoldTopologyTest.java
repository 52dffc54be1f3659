package io.vigil.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vigil.config.RuleSet;
import io.vigil.config.RuleSpec;
import io.vigil.config.StoreType;
import io.vigil.config.TopicNames;
import io.vigil.detectors.AlertIds;
import io.vigil.detectors.telemetry.DeviceDetection;
import io.vigil.detectors.telemetry.DeviceState;
import io.vigil.events.Alert;
import io.vigil.events.Telemetry;
import io.vigil.serdes.registry.MockSchemaRegistry;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Issue 12, part 5: silence must not be our own stall. On {@link TopologyTestDriver} (one partition, 0), with an
 * {@link InputLag} the test sets, installed in the configuration as {@link StreamInstance} installs the consumers'.
 * The silence deadline is 60 s, checked every 5 s.
 */
class SilenceHoldTopologyTest {

    private static final Instant T0 = Instant.parse("2026-11-23T12:00:00Z");
    private static final RuleSpec SILENT = new RuleSpec("device-silent", 1, "silence", true, "MEDIUM",
            Duration.ofMinutes(1), Map.of("deadline", "60s", "checkInterval", "5s"));

    private final String registryScope = "silence-hold-test-" + UUID.randomUUID();
    private final TopicNames names = new TopicNames("vigil.transactions", "vigil.telemetry", "vigil.rules",
            "vigil.alerts", "vigil.incidents", "vigil.actions", "vigil.dlq", Optional.empty(), 6, (short) 1);
    private final VigilSerdes serdes = new VigilSerdes(names, Map.of("schema.registry.url", "mock://" + registryScope));
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    /** Records waiting per partition of the telemetry topic, as the consumers would report them. */
    private final Map<Integer, Long> waiting = new ConcurrentHashMap<>();
    private final DeviceDetection detection = DeviceDetection.fromRules(new RuleSet(List.of(SILENT)),
            Duration.ofSeconds(30));

    @TempDir
    Path stateDir;
    private TopologyTestDriver driver;
    private TestInputTopic<String, Telemetry> telemetry;
    private TestOutputTopic<String, Alert> alerts;

    private void start(Instant wallClock) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "vigil-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(InputLag.CONFIG, (InputLag) (topic, partition) ->
                topic.equals(names.telemetry()) ? waiting.getOrDefault(partition, 0L) : 0);
        TelemetryTopology topology = new TelemetryTopology(serdes.telemetry(), serdes.alerts(), Optional.empty(),
                detection, StoreType.IN_MEMORY, false, meters);
        driver = new TopologyTestDriver(topology.build(), props, wallClock);
        telemetry = driver.createInputTopic(names.telemetry(), serdes.telemetry().keySerde().serializer(),
                serdes.telemetry().valueSerde().serializer());
        alerts = driver.createOutputTopic(names.alerts(), serdes.alerts().keySerde().deserializer(),
                serdes.alerts().valueSerde().deserializer());
    }

    @AfterEach
    void tearDown() {
        if (driver != null) {
            driver.close();
        }
        MockSchemaRegistry.dropScope(registryScope);
    }

    @Test
    void shouldNotCallADeviceSilentWhileItsReadingsWaitInTheInput() {
        // Given dev-1 seen at T0, then a backlog on its partition: three records the consumer has not fetched
        start(T0);
        pipe("dev-1", "r1", T0);
        waiting.put(0, 3L);

        // When its deadline passes during the backlog, and the backlog (dev-1's next reading, sent at T0 + 30 s)
        // is then processed
        driver.advanceWallClockTime(Duration.ofSeconds(65));
        pipe("dev-1", "r2", T0.plusSeconds(30));
        waiting.put(0, 0L);
        driver.advanceWallClockTime(Duration.ofSeconds(5));

        // Then no silence alert at all: the device never stopped, the stream was behind; the held check is counted
        assertEquals(List.of(), alertIds());
        assertEquals(Map.of("input-waiting", 1.0), held());
    }

    @Test
    void shouldAlertOnATrulySilentDeviceOnceItsPartitionHasCaughtUp() {
        // Given dev-1 seen at T0 and a backlog on its partition past dev-1's deadline
        start(T0);
        pipe("dev-1", "r1", T0);
        waiting.put(0, 3L);
        driver.advanceWallClockTime(Duration.ofSeconds(65));

        // When the backlog is processed without a reading of dev-1
        waiting.put(0, 0L);
        driver.advanceWallClockTime(Duration.ofSeconds(5));

        // Then dev-1 is silent after all, and alerted on at the first check after the catch-up
        assertEquals(List.of(AlertIds.alertId("device-silent", "dev-1", "r1")), alertIds());
    }

    @Test
    void shouldGiveDevicesRestoredFromBeforeAStallOneDeadlineOfProcessingHere() {
        // Given a task that starts on this instance at T0 + 120 s (after a crash, a restore or a rebalance), with
        // dev-1 and dev-2 restored as last seen at T0, both indexed as due at T0 + 60 s
        start(T0.plusSeconds(120));
        restore("dev-1", "r1");
        restore("dev-2", "s1");

        // When dev-1's waiting reading is processed 20 s after the start, and the clock reaches the start plus
        // one deadline
        driver.advanceWallClockTime(Duration.ofSeconds(20));
        pipe("dev-1", "r2", T0.plusSeconds(130));
        driver.advanceWallClockTime(Duration.ofSeconds(40));

        // Then only dev-2, which sent nothing in that deadline, is silent
        assertEquals(List.of(AlertIds.alertId("device-silent", "dev-2", "s1")), alertIds());
        assertEquals(Map.of("assigned-recently", 1.0), held());
    }

    @Test
    void shouldHoldTheCheckWhileTheTaskWorksThroughRecordsFetchedLongAfterTheyWereSent() {
        // Given dev-1 seen at T0, and, just before its deadline, a record of another device processed 90 s after it
        // was sent (fetched into the task's buffer, which the consumer lag no longer counts)
        start(T0);
        pipe("dev-1", "r1", T0);
        driver.advanceWallClockTime(Duration.ofSeconds(59));
        pipe("dev-2", "s1", T0.minusSeconds(31));

        // When the deadline check comes a second later, and again once nothing has been processed for 5 s
        driver.advanceWallClockTime(Duration.ofSeconds(1));
        List<String> during = alertIds();
        driver.advanceWallClockTime(Duration.ofSeconds(5));

        // Then the first check was held as catching up, the second alerted on the silent device
        assertEquals(List.of(), during);
        assertEquals(List.of(AlertIds.alertId("device-silent", "dev-1", "r1")), alertIds());
        assertEquals(Map.of("catching-up", 1.0), held());
    }

    private void pipe(String deviceId, String eventId, Instant sentAt) {
        Telemetry reading = Telemetry.newBuilder().setEventId(eventId).setDeviceId(deviceId).setTimestamp(sentAt)
                .setMetric("temperature").setValue(20.0).setUnit("C").build();
        telemetry.pipeInput(new TestRecord<>(deviceId, reading, sentAt));
    }

    /** Puts a device's state as a restore would: last seen at T0, its deadline indexed. */
    private void restore(String deviceId, String eventId) {
        DeviceState state = new DeviceState();
        Telemetry reading = Telemetry.newBuilder().setEventId(eventId).setDeviceId(deviceId).setTimestamp(T0)
                .setMetric("temperature").setValue(20.0).setUnit("C").build();
        DeviceDetection.Outcome outcome = detection.process(state, reading, T0.toEpochMilli());
        KeyValueStore<String, DeviceState> states = driver.getKeyValueStore(TelemetryTopology.DEVICE_STATE_STORE);
        states.put(deviceId, state);
        KeyValueStore<Bytes, byte[]> index = driver.getKeyValueStore(TelemetryTopology.DEADLINE_STORE);
        index.put(DeadlineIndex.key(outcome.deadlineToIndex().getAsLong(), deviceId), DeadlineIndex.PRESENT);
    }

    private List<String> alertIds() {
        return alerts.readValuesToList().stream().map(Alert::getAlertId).toList();
    }

    private Map<String, Double> held() {
        Map<String, Double> byReason = new TreeMap<>();
        meters.find(DetectionMetrics.SILENCE_HELD).counters()
                .forEach(c -> byReason.put(c.getId().getTag("reason"), ((Counter) c).count()));
        return byReason;
    }
}

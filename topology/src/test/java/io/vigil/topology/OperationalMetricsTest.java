package io.vigil.topology;

import static io.vigil.serdes.testkit.Events.aTransaction;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigil.config.RuleSpec;
import io.vigil.config.VigilConfig;
import io.vigil.events.Alert;
import io.vigil.events.Transaction;
import io.vigil.topology.testkit.VigilTestDriver;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Vigil's operational meters on the whole application topology, built with the same properties a stream
 * instance gets: event-to-alert latency, DLQ records counted by the exception handlers, and rule versions.
 */
class OperationalMetricsTest {

    private static final Instant T0 = Instant.parse("2026-11-23T12:00:00Z");
    /** The driver's wall clock: 2 minutes after the first event. */
    private static final Instant NOW = T0.plusSeconds(120);

    private final VigilConfig config = VigilConfig.defaults();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    @TempDir
    Path stateDir;

    private VigilTestDriver vigil;
    private TopologyTestDriver driver;
    private TestInputTopic<String, Transaction> transactions;
    private TestOutputTopic<String, Alert> alerts;
    private TestOutputTopic<byte[], byte[]> dlq;

    @BeforeEach
    void setUp() {
        vigil = VigilTestDriver.of(config, stateDir, meters);
        driver = vigil.start(NOW);
        transactions = vigil.input(vigil.serdes().transactions());
        alerts = vigil.output(vigil.serdes().alerts());
        dlq = vigil.dlq();
    }

    @AfterEach
    void tearDown() {
        vigil.close();
    }

    private void pipe(String cardId, String eventId, long secondsAfterT0) {
        pipe(cardId, cardId, eventId, secondsAfterT0);
    }

    private void pipe(String key, String cardId, String eventId, long secondsAfterT0) {
        Instant at = T0.plusSeconds(secondsAfterT0);
        Transaction tx = aTransaction().id(eventId).card(cardId).at(at).build();
        transactions.pipeInput(new TestRecord<>(key, tx, at));
    }

    @Test
    void shouldRecordWallClockMinusEventTimeWhenAnAlertIsEmitted() {
        // Given the default velocity rule (more than 5 in 60 s): six transactions 10 s apart, the last at T0+50s
        for (int i = 0; i <= 5; i++) {
            pipe("card-1", "e" + i, 10L * i);
        }

        // Then one alert, measured at the driver's wall clock (T0+120s): 70 s after its event
        assertEquals("velocity", alerts.readValue().getRuleId());
        assertTrue(alerts.isEmpty());
        Timer latency = meters.get(DetectionMetrics.ALERT_LATENCY).tag("topology", "transactions").timer();
        assertEquals(1, latency.count());
        assertEquals(70_000.0, latency.totalTime(TimeUnit.MILLISECONDS));
    }

    @Test
    void shouldRecordNoLatencyWhenNoAlertIsEmitted() {
        pipe("card-1", "e1", 0);

        assertTrue(alerts.isEmpty());
        assertEquals(0, meters.get(DetectionMetrics.ALERT_LATENCY).tag("topology", "transactions").timer().count());
    }

    @Test
    void shouldCountTheDlqRecordWhenAValueCannotBeDeserialized() {
        // Given bytes that are not in the Confluent wire format
        TestInputTopic<String, byte[]> raw = driver.createInputTopic(config.topics().transactions(),
                new StringSerializer(), new ByteArraySerializer());
        raw.pipeInput("card-1", "not avro".getBytes(StandardCharsets.UTF_8), T0);
        // (the test driver collects the DLQ output when it next processes a record)
        pipe("card-1", "e1", 1);

        // Then the record is in the DLQ and counted once, as a deserialization failure
        assertEquals(1.0, dlqCount("deserialization"));
        assertEquals("not avro", new String(dlq.readValue(), StandardCharsets.UTF_8));
        assertTrue(dlq.isEmpty());
        assertFalse(meters.find(DeadLetterMetrics.DLQ_RECORDS).tag("source", "processing").counters().stream()
                .anyMatch(c -> c.count() > 0), "nothing failed in processing");
    }

    @Test
    void shouldCountTheDlqRecordWhenProcessingThrows() {
        // Given a transaction without a key: the card processor refuses it
        pipe(null, "card-1", "e1", 0);

        // Then it is in the DLQ and counted as a processing failure
        assertFalse(dlq.isEmpty());
        dlq.readRecord();
        assertTrue(dlq.isEmpty());
        assertEquals(1.0, dlqCount("processing"));
    }

    @Test
    void shouldExposeTheVersionOfEveryEnabledRule() {
        Map<String, Double> expected = new TreeMap<>();
        for (RuleSpec rule : config.rules().rules()) {
            if (rule.enabled()) {
                expected.put(rule.id(), (double) rule.version());
            }
        }

        RuleMetrics.register(meters, config.rules());

        Map<String, Double> actual = new TreeMap<>();
        for (Gauge gauge : meters.find(RuleMetrics.RULE_VERSION).gauges()) {
            actual.put(gauge.getId().getTag("rule"), gauge.value());
        }

        assertFalse(expected.isEmpty());
        assertEquals(expected, actual);
    }

    private double dlqCount(String source) {
        return meters.get(DeadLetterMetrics.DLQ_RECORDS).tag("source", source).counter().count();
    }
}

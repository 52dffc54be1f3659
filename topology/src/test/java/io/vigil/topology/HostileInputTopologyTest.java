package io.vigil.topology;

import static io.vigil.serdes.testkit.Events.aReading;
import static io.vigil.serdes.testkit.Events.aTransaction;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigil.config.ConfigLoader;
import io.vigil.config.VigilConfig;
import io.vigil.detectors.AlertIds;
import io.vigil.detectors.fraud.CardState;
import io.vigil.events.Alert;
import io.vigil.events.Telemetry;
import io.vigil.events.Transaction;
import io.vigil.topology.testkit.VigilTestDriver;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Issue 12, parts 1 and 8, on the whole topology: events stamped far ahead of the reference clock, and oversized
 * fields, are refused to the DLQ with a reason before any state changes, and detection goes on for the entity.
 * The driver's wall clock stands at T0, like the events' own times.
 */
class HostileInputTopologyTest {

    private static final Instant T0 = Instant.parse("2026-11-23T12:00:00Z");
    private static final Instant Y2099 = Instant.parse("2099-01-01T00:00:00Z");

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    @TempDir
    Path stateDir;
    private VigilTestDriver vigil;
    private TopologyTestDriver driver;
    private TestInputTopic<String, Transaction> transactions;
    private TestInputTopic<String, Telemetry> telemetry;
    private TestOutputTopic<String, Alert> alerts;
    private TestOutputTopic<byte[], byte[]> dlq;

    private void start(Map<String, String> settings) {
        Map<String, String> all = new HashMap<>(settings);
        all.put("vigil.state.store", "in_memory");
        VigilConfig config = ConfigLoader.load(Map.of(), Optional.empty(), all);
        // The production properties: these cases are about the DLQ handlers a stream instance runs with.
        vigil = VigilTestDriver.of(config, stateDir, meters);
        driver = vigil.start(T0);
        transactions = vigil.input(vigil.serdes().transactions());
        telemetry = vigil.input(vigil.serdes().telemetry());
        alerts = vigil.output(vigil.serdes().alerts());
        dlq = vigil.dlq();
    }

    @AfterEach
    void tearDown() {
        if (vigil != null) {
            vigil.close();
        }
    }

    @Test
    void shouldAlertOnAVelocityBurstWhenAFarFutureTransactionCameFirst() {
        // Given the default rules (velocity: more than 5 in a minute) and one transaction stamped in 2099
        start(Map.of());
        pay("card-1", "future", Y2099, "m-x", Y2099);

        // When the card then makes 6 real transactions within a minute
        for (int i = 1; i <= 6; i++) {
            pay("card-1", "e" + i, T0.plusSeconds(5L * i), "m-" + i, T0.plusSeconds(5L * i));
        }

        // Then the burst alerts, and the future transaction went to the DLQ with its reason, counted
        assertEquals(List.of(AlertIds.alertId("velocity", "card-1", "e6")),
                alerts.readValuesToList().stream().map(Alert::getAlertId).toList());
        TestRecord<byte[], byte[]> dead = dlq.readRecord();
        assertEquals("card-1", new String(dead.key(), StandardCharsets.UTF_8));
        assertEquals("clock-skew", header(dead, DeadLetterHeaders.REASON));
        assertEquals("Transaction future on card card-1 is stamped 2099-01-01T00:00:00Z, 2275473600 s ahead of the "
                + "reference clock (2026-11-23T12:00:00Z): more than vigil.max.clock.skew (300 s) allows",
                header(dead, "__streams.errors.message"));
        assertTrue(dlq.isEmpty());
        assertEquals(1.0, meters.get(DetectionMetrics.REJECTED).tags("topology", "transactions",
                "reason", "clock-skew").counter().count());
    }

    @Test
    void shouldAlertOnAnOverheatingDeviceWhenAFarFutureReadingCameFirst() {
        // Given the default threshold rule (temperature above 80) and a reading from a device clock set to 2099
        start(Map.of());
        read("dev-1", "future", Y2099, 20.0, Y2099);

        // When the device then reports 90 degrees at the right time
        read("dev-1", "hot", T0.plusSeconds(5), 90.0, T0.plusSeconds(5));

        // Then the reading alerts, and the future one went to the DLQ with its reason
        assertEquals(List.of(AlertIds.alertId("threshold", "dev-1", "hot")),
                alerts.readValuesToList().stream().map(Alert::getAlertId).toList());
        assertEquals("clock-skew", header(dlq.readRecord(), DeadLetterHeaders.REASON));
        assertTrue(dlq.isEmpty());
    }

    @Test
    void shouldJudgeSkewAgainstTheRecordTimestampWhenTheReferenceIsTheRecording() {
        // Given a replay: the reference clock is each record's append time, not the wall clock (still T0)
        start(Map.of("vigil.clock.reference", "record"));

        // When a recorded event from a year later than the wall clock arrives as appended, and one stamped an
        // hour after its own append time
        Instant later = T0.plus(java.time.Duration.ofDays(365));
        pay("card-1", "replayed", later, "m-1", later);
        pay("card-1", "ahead", later.plusSeconds(3600), "m-2", later.plusSeconds(60));

        // Then only the second is refused
        assertEquals("clock-skew", header(dlq.readRecord(), DeadLetterHeaders.REASON));
        assertTrue(dlq.isEmpty());
        KeyValueStore<String, CardState> cards = driver.getKeyValueStore(TransactionTopology.CARD_STATE_STORE);
        assertEquals(later.toEpochMilli(), cards.get("card-1").maxEventTimeMillis());
    }

    @Test
    void shouldRefuseAnOversizedMerchantBeforeTheCardsStateChanges() {
        // Given a card with one transaction
        start(Map.of());
        pay("card-2", "e1", T0, "m-1", T0);
        KeyValueStore<String, CardState> cards = driver.getKeyValueStore(TransactionTopology.CARD_STATE_STORE);
        int historyBefore = cards.get("card-2").history().size();

        // When two transactions with merchant ids of ~900 KB arrive, as in the attack on vigil demo
        pay("card-2", "big-1", T0.plusSeconds(1), "x".repeat(900_000), T0.plusSeconds(1));
        pay("card-2", "big-2", T0.plusSeconds(2), "y".repeat(900_000), T0.plusSeconds(2));

        // Then both are in the DLQ as too long, and the card's state is as before
        for (String id : List.of("big-1", "big-2")) {
            TestRecord<byte[], byte[]> dead = dlq.readRecord();
            assertEquals("field-too-long", header(dead, DeadLetterHeaders.REASON));
            assertEquals("Transaction " + id + ": field merchantId is 900000 characters long, more than the 128 "
                    + "allowed", header(dead, "__streams.errors.message"));
        }
        assertTrue(dlq.isEmpty());
        assertEquals(historyBefore, cards.get("card-2").history().size());
        assertNull(cards.get("card-3"));
        assertTrue(alerts.isEmpty());
    }

    private void pay(String cardId, String eventId, Instant at, String merchant, Instant recordTime) {
        Transaction tx = aTransaction().id(eventId).card(cardId).at(at).merchant(merchant).build();
        transactions.pipeInput(new TestRecord<>(cardId, tx, recordTime));
    }

    private void read(String deviceId, String eventId, Instant at, double value, Instant recordTime) {
        Telemetry reading = aReading().id(eventId).device(deviceId).at(at).value(value).build();
        telemetry.pipeInput(new TestRecord<>(deviceId, reading, recordTime));
    }

    private static String header(TestRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}

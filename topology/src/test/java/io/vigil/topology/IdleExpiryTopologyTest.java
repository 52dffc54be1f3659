package io.vigil.topology;

import static io.vigil.serdes.testkit.Events.aReading;
import static io.vigil.serdes.testkit.Events.aTransaction;
import static io.vigil.serdes.testkit.Events.anAlert;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.vigil.config.ConfigLoader;
import io.vigil.config.VigilConfig;
import io.vigil.detectors.fraud.CardState;
import io.vigil.detectors.telemetry.DeviceState;
import io.vigil.events.Alert;
import io.vigil.events.Telemetry;
import io.vigil.events.Transaction;
import io.vigil.topology.testkit.VigilTestDriver;

import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.utils.Bytes;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Issue 12, part 2: card, device and escalation state that is idle longer than its time-to-live is deleted by a
 * sweep that does bounded work per punctuation; active entities are kept. The driver's wall clock starts at T0.
 */
class IdleExpiryTopologyTest {

    private static final Instant T0 = Instant.parse("2026-11-23T12:00:00Z");

    @TempDir
    Path stateDir;
    private VigilTestDriver vigil;
    private TopologyTestDriver driver;
    private TestInputTopic<String, Transaction> transactions;
    private TestInputTopic<String, Telemetry> telemetry;
    private TestInputTopic<String, Alert> alertsIn;
    private TestOutputTopic<String, Alert> alerts;

    private void start(Map<String, String> settings) {
        Map<String, String> all = new HashMap<>(settings);
        all.put("vigil.state.store", "in_memory");
        VigilConfig config = ConfigLoader.load(Map.of(), Optional.empty(), all);
        vigil = VigilTestDriver.of(config, stateDir);
        driver = vigil.start(T0);
        VigilSerdes serdes = vigil.serdes();
        transactions = vigil.input(serdes.transactions());
        telemetry = vigil.input(serdes.telemetry());
        alertsIn = vigil.input(serdes.alerts());
        alerts = vigil.output(serdes.alerts());
    }

    @AfterEach
    void tearDown() {
        if (vigil != null) {
            vigil.close();
        }
    }

    @Test
    void shouldDeleteAnIdleCardAndKeepAnActiveOneWhenTheTtlPasses() {
        // Given cards living one hour after their newest event, one used once and one that keeps paying
        start(Map.of("vigil.state.idle.ttl.cards", "1h"));
        pay("card-once", "o1", T0);
        pay("card-busy", "b1", T0);
        advance(Duration.ofMinutes(40));
        pay("card-busy", "b2", T0.plus(Duration.ofMinutes(40)));

        // When an hour and a minute have passed since the first payments
        advance(Duration.ofMinutes(21));

        // Then the idle card's state is gone, with a tombstone on its changelog; the busy card is kept
        KeyValueStore<String, CardState> cards = driver.getKeyValueStore(TransactionTopology.CARD_STATE_STORE);
        assertNull(cards.get("card-once"));
        assertNotNull(cards.get("card-busy"));
        assertEquals(1, cards.approximateNumEntries());
        TestOutputTopic<String, byte[]> changelog = driver.createOutputTopic(
                vigil.changelogTopic(TransactionTopology.CARD_STATE_STORE),
                new StringDeserializer(), new ByteArrayDeserializer());
        Map<String, byte[]> latest = new HashMap<>();
        changelog.readRecordsToList().forEach(r -> latest.put(r.key(), r.value()));
        assertEquals(2, latest.size());
        assertNull(latest.get("card-once"), "a tombstone");
        assertNotNull(latest.get("card-busy"));
    }

    @Test
    void shouldSweepABoundedSliceWhenManyCardsAreIdleAtOnce() {
        // Given 2,500 cards used once
        start(Map.of("vigil.state.idle.ttl.cards", "1m"));
        for (int i = 0; i < 2_500; i++) {
            pay(String.format("card-%05d", i), "e" + i, T0);
        }
        KeyValueStore<String, CardState> cards = driver.getKeyValueStore(TransactionTopology.CARD_STATE_STORE);

        // When the TTL has passed, each punctuation deletes at most 1,000 of them
        advance(Duration.ofMinutes(2));
        long afterFirst = cards.approximateNumEntries();
        advance(Duration.ofSeconds(1));
        long afterSecond = cards.approximateNumEntries();
        advance(Duration.ofSeconds(1));

        // Then
        assertEquals(List.of(1_500L, 500L, 0L), List.of(afterFirst, afterSecond, cards.approximateNumEntries()));
    }

    @Test
    void shouldDeleteAnIdleDeviceWithItsSilenceDeadline() {
        // Given devices living 10 s after their newest reading, shorter than the 30 s silence deadline
        start(Map.of("vigil.state.idle.ttl.devices", "10s"));
        read("dev-1", "r1", T0, 21.0);
        KeyValueStore<Bytes, byte[]> deadlines = driver.getKeyValueStore(TelemetryTopology.DEADLINE_STORE);
        assertEquals(1, deadlines.approximateNumEntries());

        // When 11 s pass, and then the silence deadline
        advance(Duration.ofSeconds(11));
        advance(Duration.ofSeconds(25));

        // Then state and deadline are gone, and no silence alert speaks for a device Vigil has forgotten
        KeyValueStore<String, DeviceState> devices = driver.getKeyValueStore(TelemetryTopology.DEVICE_STATE_STORE);
        assertNull(devices.get("dev-1"));
        assertEquals(0, deadlines.approximateNumEntries());
        assertEquals(List.of(), alerts.readValuesToList());
    }

    @Test
    void shouldForgetAPendingAlertOnceItsEscalationWindowHasPassed() {
        // Given one OPEN alert on a card (two within 10 minutes escalate)
        start(Map.of());
        alertsIn.pipeInput(new TestRecord<>("card-1", alert("a1", T0), T0));
        KeyValueStore<String, byte[]> pending = driver.getKeyValueStore(EscalationTopology.ESCALATION_STORE);
        assertEquals(1, pending.approximateNumEntries());

        // When the window and the margin for delayed alerts have passed
        advance(Duration.ofMinutes(10).plus(EscalationTopology.EXPIRY_MARGIN).plusMinutes(1));

        // Then the entry is gone
        assertEquals(0, pending.approximateNumEntries());
    }

    private void advance(Duration by) {
        driver.advanceWallClockTime(by);
    }

    private void pay(String cardId, String eventId, Instant at) {
        Transaction tx = aTransaction().id(eventId).card(cardId).at(at).build();
        transactions.pipeInput(new TestRecord<>(cardId, tx, at));
    }

    private void read(String deviceId, String eventId, Instant at, double value) {
        telemetry.pipeInput(new TestRecord<>(deviceId, aReading().id(eventId).device(deviceId).at(at).value(value).build(),
                at));
    }

    private static Alert alert(String id, Instant at) {
        return anAlert().id(id).at(at).triggeredBy(List.of(id)).explanation("x").build();
    }
}

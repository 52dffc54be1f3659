package io.vigil.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vigil.config.ConfigLoader;
import io.vigil.config.VigilConfig;
import io.vigil.detectors.fraud.CardDetection;
import io.vigil.detectors.fraud.CardState;
import io.vigil.detectors.telemetry.DeviceDetection;
import io.vigil.detectors.telemetry.DeviceState;
import io.vigil.events.Alert;
import io.vigil.events.Telemetry;
import io.vigil.events.Transaction;
import io.vigil.topology.testkit.VigilTestDriver;

import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.internals.WrappedStateStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A store written by the build before state format version 2 (the committed {@code state-v1/} bytes of
 * {@link RestoreScenario}'s prefix) restores and keeps detecting: every alert of the suffix is the one an
 * uninterrupted run of the pure detectors raises, and every state written back is version 2.
 */
class StateFormatV1RestoreTest {

    @TempDir
    Path stateDir;

    @Test
    void shouldRaiseTheUninterruptedRunsAlertsWhenTheStoresHoldVersionOneStates() {
        // Given the topology's card and device stores holding the version-1 bytes of the prefix, as restored
        VigilConfig config = ConfigLoader.load(Map.of(), Optional.empty(), Map.of("vigil.state.store", "in_memory"));
        config = new VigilConfig(config.kafka(), config.topics(), config.streams(), RestoreScenario.rules());
        assertEquals(V1Fixture.GRACE, config.streams().grace(), "the fixture was written with the default grace");
        List<Alert> emitted;
        Map<String, byte[]> cardsAfter = new HashMap<>();
        Map<String, byte[]> devicesAfter = new HashMap<>();
        try (VigilTestDriver vigil = VigilTestDriver.of(config, stateDir)) {
            // The wall clock is now, the test driver's default: the scenario's events are all in the past then.
            TopologyTestDriver driver = vigil.start(Instant.now());
            VigilSerdes serdes = vigil.serdes();
            KeyValueStore<Bytes, byte[]> cardStore = bytesStore(driver, TransactionTopology.CARD_STATE_STORE);
            KeyValueStore<Bytes, byte[]> deviceStore = bytesStore(driver, TelemetryTopology.DEVICE_STATE_STORE);
            V1Fixture.cards().forEach((card, bytes) -> cardStore.put(key(card), bytes));
            V1Fixture.devices().forEach((device, bytes) -> deviceStore.put(key(device), bytes));

            // When the suffix is piped through it
            var tx = serdes.transactions();
            var tl = serdes.telemetry();
            var al = serdes.alerts();
            TestInputTopic<String, Transaction> transactions =
                    driver.createInputTopic(tx.name(), tx.keySerde().serializer(), tx.valueSerde().serializer());
            TestInputTopic<String, Telemetry> telemetry =
                    driver.createInputTopic(tl.name(), tl.keySerde().serializer(), tl.valueSerde().serializer());
            RestoreScenario.cardSuffix().forEach(t -> transactions.pipeInput(new TestRecord<>(t.getCardId(), t, t.getTimestamp())));
            RestoreScenario.deviceSuffix().forEach(r -> telemetry.pipeInput(new TestRecord<>(r.getDeviceId(), r, r.getTimestamp())));
            emitted = driver.createOutputTopic(al.name(), al.keySerde().deserializer(), al.valueSerde().deserializer())
                    .readValuesToList();
            V1Fixture.cards().keySet().forEach(card -> cardsAfter.put(card, cardStore.get(key(card))));
            V1Fixture.devices().keySet().forEach(device -> devicesAfter.put(device, deviceStore.get(key(device))));
        }

        // Then it raises exactly what one uninterrupted run raises after the prefix, one alert per restored field
        List<Alert> expected = uninterruptedSuffixAlerts(config);
        assertEquals(expected, emitted);
        assertEquals(List.of("velocity", "amount-anomaly", "impossible-travel", "impossible-travel",
                        "duplicate-transaction", "card-testing", "threshold", "rate-of-change", "telemetry-anomaly",
                        "flatline", "threshold"),
                emitted.stream().map(Alert::getRuleId).toList());
        // And every state it wrote back is in the current format
        Map<String, Integer> versions = new HashMap<>();
        cardsAfter.forEach((card, bytes) -> versions.put(card, (int) bytes[0]));
        devicesAfter.forEach((device, bytes) -> versions.put(device, (int) bytes[0]));
        assertEquals(expectedVersions(), versions);
    }

    /** Every entity of the fixture receives a suffix event, so every one is written back. */
    private static Map<String, Integer> expectedVersions() {
        Map<String, Integer> versions = new HashMap<>();
        V1Fixture.cards().keySet().forEach(card -> versions.put(card, 2));
        V1Fixture.devices().keySet().forEach(device -> versions.put(device, 2));
        // The redelivered event is dropped before anything changes, so that card keeps its version-1 bytes.
        versions.put("card-redelivery", 1);
        return versions;
    }

    private static List<Alert> uninterruptedSuffixAlerts(VigilConfig config) {
        CardDetection cards = CardDetection.fromRules(config.rules(), config.streams().grace());
        DeviceDetection devices = DeviceDetection.fromRules(config.rules(), config.streams().grace());
        Map<String, CardState> cardStates = new HashMap<>();
        Map<String, DeviceState> deviceStates = new HashMap<>();
        for (Transaction t : RestoreScenario.cardPrefix()) {
            cards.process(cardStates.computeIfAbsent(t.getCardId(), k -> new CardState()), t);
        }
        for (Telemetry r : RestoreScenario.devicePrefix()) {
            devices.process(deviceStates.computeIfAbsent(r.getDeviceId(), k -> new DeviceState()), r,
                    r.getTimestamp().toEpochMilli());
        }
        List<Alert> alerts = new ArrayList<>();
        for (Transaction t : RestoreScenario.cardSuffix()) {
            alerts.addAll(cards.process(cardStates.get(t.getCardId()), t).alerts());
        }
        for (Telemetry r : RestoreScenario.deviceSuffix()) {
            alerts.addAll(devices.process(deviceStates.get(r.getDeviceId()), r, r.getTimestamp().toEpochMilli()).alerts());
        }
        return alerts;
    }

    /** The store's innermost bytes layer: what a changelog restore writes into, below every serde. */
    @SuppressWarnings("unchecked")
    private static KeyValueStore<Bytes, byte[]> bytesStore(TopologyTestDriver driver, String name) {
        StateStore store = driver.getAllStateStores().get(name);
        while (store instanceof WrappedStateStore<?, ?, ?> wrapped) {
            store = wrapped.wrapped();
        }
        return (KeyValueStore<Bytes, byte[]>) store;
    }

    private static Bytes key(String id) {
        return Bytes.wrap(id.getBytes(StandardCharsets.UTF_8));
    }
}

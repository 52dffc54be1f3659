package io.vigil.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigil.config.RuleSet;
import io.vigil.detectors.fraud.CardDetection;
import io.vigil.detectors.fraud.CardState;
import io.vigil.detectors.fraud.CardStateCodec;
import io.vigil.detectors.fraud.CardStateCodecV1;
import io.vigil.detectors.telemetry.DeviceDetection;
import io.vigil.detectors.telemetry.DeviceState;
import io.vigil.detectors.telemetry.DeviceStateCodec;
import io.vigil.detectors.telemetry.DeviceStateCodecV1;
import io.vigil.events.Alert;
import io.vigil.events.Telemetry;
import io.vigil.events.Transaction;
import io.vigil.loadgen.CombinedScenario;
import io.vigil.loadgen.FraudScenario;
import io.vigil.loadgen.GeneratedEvent;
import io.vigil.loadgen.Scenario;
import io.vigil.loadgen.ScenarioConfig;
import io.vigil.loadgen.telemetry.TelemetryScenario;
import io.vigil.loadgen.telemetry.TelemetryScenarioConfig;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * State format version 2 changes no alert: the replay property's generated logs (the seeds and scenario of the
 * offline replay equivalence test), replayed through the pure detectors with the state written and read back
 * after every event as the processors do, raise alert for alert the same alerts through version 1 bytes,
 * through version 2 bytes, and without any encoding.
 */
class StateFormatEquivalenceTest {

    private static final Instant START = Instant.parse("2026-11-23T08:00:00Z");
    private static final Duration GRACE = Duration.ofSeconds(30);

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 7, 42, 1234, 987654321})
    void shouldRaiseTheSameAlertsWhenStateRoundTripsThroughVersionTwoInsteadOfOne(long seed) {
        // Given the default rules without silence (wall-clock), and one generated log of card and device traffic
        RuleSet rules = new RuleSet(RuleSet.defaults().rules().stream()
                .filter(r -> !r.detector().equals("silence")).toList());
        List<GeneratedEvent> log = generate(seed, rules);

        // When it is replayed with the state kept in memory, and round-tripped through either format per event
        List<Alert> inMemory = replay(rules, log, UnaryOperator.identity(), UnaryOperator.identity());
        List<Alert> viaV1 = replay(rules, log, s -> CardStateCodec.decode(CardStateCodecV1.encode(s)),
                s -> DeviceStateCodec.decode(DeviceStateCodecV1.encode(s)));
        List<Alert> viaV2 = replay(rules, log, s -> CardStateCodec.decode(CardStateCodec.encode(s)),
                s -> DeviceStateCodec.decode(DeviceStateCodec.encode(s)));

        // Then all three name the same alerts, in the same order, field for field
        assertTrue(inMemory.size() >= 10, "the scenario exercised the detectors: " + inMemory.size() + " alerts");
        assertEquals(inMemory, viaV1);
        assertEquals(viaV1, viaV2);
    }

    private static List<GeneratedEvent> generate(long seed, RuleSet rules) {
        Scenario fraud = new FraudScenario(ScenarioConfig.defaults(seed, START).withCards(5_000).withRate(100)
                .withHistory(true, 0).withLiveEvents(12_000).withInjectionsPerMinute(6).withRules(rules));
        Scenario telemetry = new TelemetryScenario(TelemetryScenarioConfig.defaults(seed, START).withDevices(40)
                .withLiveDuration(Duration.ofMinutes(2)).withFaultsPerMinute(3).withRules(rules));
        Scenario both = new CombinedScenario(List.of(fraud, telemetry));
        List<GeneratedEvent> events = new ArrayList<>();
        both.history().forEachRemaining(events::add);
        both.live().forEachRemaining(events::add);
        return events;
    }

    /** Like the processors: read the state (through {@code cardStore}/{@code deviceStore}), detect, write it back. */
    private static List<Alert> replay(RuleSet rules, List<GeneratedEvent> log, UnaryOperator<CardState> cardStore,
                                      UnaryOperator<DeviceState> deviceStore) {
        CardDetection cards = CardDetection.fromRules(rules, GRACE);
        DeviceDetection devices = DeviceDetection.fromRules(rules, GRACE);
        Map<String, CardState> cardStates = new HashMap<>();
        Map<String, DeviceState> deviceStates = new HashMap<>();
        List<Alert> alerts = new ArrayList<>();
        for (GeneratedEvent event : log) {
            if (event.value() instanceof Transaction t) {
                CardState state = cardStates.getOrDefault(event.key(), new CardState());
                alerts.addAll(cards.process(state, t).alerts());
                cardStates.put(event.key(), cardStore.apply(state));
            } else {
                Telemetry r = (Telemetry) event.value();
                DeviceState state = deviceStates.getOrDefault(event.key(), new DeviceState());
                alerts.addAll(devices.process(state, r, r.getTimestamp().toEpochMilli()).alerts());
                deviceStates.put(event.key(), deviceStore.apply(state));
            }
        }
        return alerts;
    }
}

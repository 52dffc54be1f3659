package io.vigil.app.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigil.config.ConfigLoader;
import io.vigil.config.RuleSet;
import io.vigil.config.VigilConfig;
import io.vigil.detectors.fraud.CardDetection;
import io.vigil.detectors.fraud.CardState;
import io.vigil.detectors.telemetry.DeviceDetection;
import io.vigil.detectors.telemetry.DeviceState;
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
import io.vigil.topology.VigilSerdes;
import io.vigil.topology.testkit.VigilTestDriver;

import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The property the whole design rests on: detectors are pure, so replaying an input log offline through them,
 * entity by entity in log order, names exactly the alerts the running topology emitted. Checked for several
 * generator seeds with every fraud pattern and every telemetry fault but silence (which fires on the wall clock,
 * so it is checked as "one alert per episode" elsewhere instead).
 */
class OfflineReplayEquivalenceTest {

    private static final Instant START = Instant.parse("2026-11-23T08:00:00Z");

    @TempDir
    Path stateDir;

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 7, 42, 1234, 987654321})
    void shouldEmitExactlyTheOfflineReplaysAlertsWhenTheGeneratorsOutputIsPiped(long seed) {
        // Given the default rules without silence, and one generated log of card and device traffic
        RuleSet rules = new RuleSet(RuleSet.defaults().rules().stream()
                .filter(r -> !r.detector().equals("silence")).toList());
        VigilConfig config = ConfigLoader.load(Map.of(), Optional.empty(), Map.of("vigil.state.store", "in_memory"));
        config = new VigilConfig(config.kafka(), config.topics(), config.streams(), rules);
        List<GeneratedEvent> log = generate(seed, rules);

        // When it is piped through the topology, and separately replayed through the pure detectors
        List<Alert> emitted = pipe(config, log);
        List<Alert> replayed = replay(config, log);

        // Then both name the same alerts, in the same order, field for field
        assertTrue(emitted.size() >= 10, "the scenario exercised the detectors: " + emitted.size() + " alerts");
        assertEquals(replayed, emitted);
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

    private List<Alert> pipe(VigilConfig config, List<GeneratedEvent> log) {
        try (VigilTestDriver vigil = VigilTestDriver.of(config, stateDir)) {
            // The wall clock is now, the test driver's default: the generated log is all in the past then.
            TopologyTestDriver driver = vigil.start(Instant.now());
            VigilSerdes serdes = vigil.serdes();
            var tx = serdes.transactions();
            var tl = serdes.telemetry();
            var al = serdes.alerts();
            TestInputTopic<String, Transaction> transactions =
                    driver.createInputTopic(tx.name(), tx.keySerde().serializer(), tx.valueSerde().serializer());
            TestInputTopic<String, Telemetry> telemetry =
                    driver.createInputTopic(tl.name(), tl.keySerde().serializer(), tl.valueSerde().serializer());
            for (GeneratedEvent event : log) {
                if (event.value() instanceof Transaction t) {
                    transactions.pipeInput(new TestRecord<>(event.key(), t, t.getTimestamp()));
                } else {
                    Telemetry r = (Telemetry) event.value();
                    telemetry.pipeInput(new TestRecord<>(event.key(), r, r.getTimestamp()));
                }
            }
            return driver.createOutputTopic(al.name(), al.keySerde().deserializer(), al.valueSerde().deserializer())
                    .readValuesToList();
        }
    }

    private static List<Alert> replay(VigilConfig config, List<GeneratedEvent> log) {
        CardDetection cards = CardDetection.fromRules(config.rules(), config.streams().grace());
        DeviceDetection devices = DeviceDetection.fromRules(config.rules(), config.streams().grace());
        Map<String, CardState> cardStates = new HashMap<>();
        Map<String, DeviceState> deviceStates = new HashMap<>();
        List<Alert> alerts = new ArrayList<>();
        for (Iterator<GeneratedEvent> it = log.iterator(); it.hasNext(); ) {
            GeneratedEvent event = it.next();
            if (event.value() instanceof Transaction t) {
                alerts.addAll(cards.process(cardStates.computeIfAbsent(event.key(), k -> new CardState()), t).alerts());
            } else {
                Telemetry r = (Telemetry) event.value();
                // "now" only feeds the silence deadline, which no rule here reads.
                alerts.addAll(devices.process(deviceStates.computeIfAbsent(event.key(), k -> new DeviceState()), r,
                        r.getTimestamp().toEpochMilli()).alerts());
            }
        }
        return alerts;
    }
}

package io.vigil.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The shipped vigil-rules.yaml holds exactly the default fraud and telemetry rules. */
class RuleSetDefaultsTest {

    private final RuleSet defaults = RuleSet.defaults();

    @Test
    void shouldLoadTheSixCardAndFiveTelemetryRulesWhenDefaultsAreRead() {
        // Then
        assertEquals(List.of(
                new RuleSpec("velocity", 1, "velocity", true, "HIGH", Duration.ofMinutes(10),
                        Map.of("maxCount", "5", "window", "60s")),
                new RuleSpec("amount-anomaly", 1, "amount-anomaly", true, "HIGH", Duration.ofHours(1),
                        Map.of("alpha", "0.1", "zThreshold", "5.0", "warmup", "10", "minStdDev", "0.2")),
                new RuleSpec("impossible-travel", 1, "impossible-travel", true, "CRITICAL",
                        Duration.ofHours(1), Map.of("maxSpeedKmh", "900", "minDistanceKm", "100")),
                new RuleSpec("card-testing", 1, "card-testing", true, "HIGH", Duration.ofMinutes(30),
                        Map.of("window", "10m", "smallAmountMinor", "200", "minCount", "5",
                                "minMerchants", "4")),
                new RuleSpec("duplicate-transaction", 1, "duplicate-transaction", true, "MEDIUM",
                        Duration.ofMinutes(10), Map.of("window", "2m")),
                new RuleSpec("blocked-card-used", 1, "blocked-card-used", true, "CRITICAL",
                        Duration.ZERO, Map.of()),
                new RuleSpec("threshold", 1, "threshold", true, "HIGH", Duration.ofMinutes(10),
                        Map.of("metric", "temperature", "upper", "80", "lower", "60")),
                new RuleSpec("rate-of-change", 1, "rate-of-change", true, "MEDIUM", Duration.ofMinutes(10),
                        Map.of("metric", "pressure", "maxPerSecond", "5")),
                new RuleSpec("telemetry-anomaly", 1, "telemetry-anomaly", true, "MEDIUM",
                        Duration.ofMinutes(10), Map.of("metric", "vibration", "alpha", "0.1", "zThreshold", "6",
                                "warmup", "20", "minStdDev", "0.1")),
                new RuleSpec("flatline", 1, "flatline", true, "MEDIUM", Duration.ofMinutes(10),
                        Map.of("metric", "humidity", "duration", "30s", "tolerance", "0.01")),
                new RuleSpec("silence", 1, "silence", true, "HIGH", Duration.ofMinutes(10),
                        Map.of("deadline", "30s", "checkInterval", "1s"))),
                defaults.rules());
    }

    @Test
    void shouldReadTypedParametersWhenDetectorAsksForThem() {
        // Given
        RuleSpec amount = defaults.find("amount-anomaly").orElseThrow();
        RuleSpec cardTesting = defaults.find("card-testing").orElseThrow();

        // Then
        assertEquals(0.1, amount.doubleParam("alpha"));
        assertEquals(10, amount.intParam("warmup"));
        assertEquals(200L, cardTesting.longParam("smallAmountMinor"));
        assertEquals(Duration.ofMinutes(10), cardTesting.durationParam("window"));
    }

    @Test
    void shouldFindRulesByDetectorWhenAsked() {
        // Then
        assertEquals(List.of("velocity"),
                defaults.forDetector(DetectorCatalog.VELOCITY).stream().map(RuleSpec::id).toList());
        assertEquals(List.of("silence"),
                defaults.forDetector(DetectorCatalog.SILENCE).stream().map(RuleSpec::id).toList());
        assertEquals(Optional.empty(), defaults.find("no-such-rule"));
        assertEquals(defaults.rules(), defaults.enabled());
    }

    @Test
    void shouldCoverEveryCatalogDetectorOnceWhenDefaultsAreRead() {
        // Then every detector in the catalog has exactly one default rule, cards and devices alike
        assertEquals(DetectorCatalog.names().stream().sorted().toList(),
                defaults.rules().stream().map(RuleSpec::detector).sorted().toList());
        assertTrue(defaults.rules().stream()
                .anyMatch(r -> DetectorCatalog.find(r.detector()).orElseThrow().entity()
                        == DetectorSpec.Entity.DEVICE));
    }
}

package io.vigil.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.util.List;
import java.util.Map;

class DetectorCatalogTest {

    @Test
    void shouldListAllElevenDetectorsWhenAsked() {
        // Then
        assertEquals(List.of("velocity", "amount-anomaly", "impossible-travel", "card-testing",
                "duplicate-transaction", "blocked-card-used", "threshold", "rate-of-change", "telemetry-anomaly", "flatline",
                "silence"), DetectorCatalog.names());
    }

    @Test
    void shouldDescribeParametersWhenDetectorIsLookedUp() {
        // When
        DetectorSpec velocity = DetectorCatalog.find(DetectorCatalog.VELOCITY).orElseThrow();

        // Then
        assertEquals(List.of("maxCount", "window"),
                velocity.parameters().stream().map(ParameterSpec::name).toList());
        ParameterSpec maxCount = velocity.parameter("maxCount").orElseThrow();
        assertEquals(ParameterType.INTEGER, maxCount.type());
        assertEquals("expected an integer between 1 and 10000", maxCount.allowed());
        assertEquals(true, maxCount.required());
    }

    /** One valid rule per telemetry detector, so issue 4 starts from parameters that pass. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        threshold         | metric=temperature,upper=80,lower=75
        rate-of-change    | metric=temperature,maxPerSecond=2.5
        telemetry-anomaly | metric=vibration,alpha=0.05,zThreshold=4,warmup=30,minStdDev=0.01
        flatline          | metric=pressure,duration=15m,tolerance=0.001
        silence           | deadline=5m,checkInterval=30s
        """)
    void shouldAcceptTelemetryRuleWhenParametersAreValid(String detector, String parameters) {
        // When
        RuleSpec rule = new RuleSpec("r", 1, detector, true, "MEDIUM", Duration.ofMinutes(5),
                parse(parameters));

        // Then
        assertEquals(detector, rule.detector());
        assertEquals(DetectorSpec.Entity.DEVICE,
                DetectorCatalog.find(detector).orElseThrow().entity());
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
        rate-of-change    | metric=t,maxPerSecond=0 | Rule 'r': parameter 'maxPerSecond' = '0' is out of range: expected a number > 0
        telemetry-anomaly | metric=t,alpha=1,zThreshold=4,warmup=30,minStdDev=0.01 | Rule 'r': parameter 'alpha' = '1' is out of range: expected a number > 0 and < 1
        telemetry-anomaly | metric=t,alpha=0.1,zThreshold=4,warmup=1001,minStdDev=0.01 | Rule 'r': parameter 'warmup' = '1001' is out of range: expected an integer between 1 and 1000
        flatline          | metric=t,duration=10m,tolerance=-1 | Rule 'r': parameter 'tolerance' = '-1' is out of range: expected a number >= 0
        flatline          | metric= ,duration=10m | Rule 'r': parameter 'metric' = '' is invalid: expected a non-blank text
        silence           | deadline=0s,checkInterval=30s | Rule 'r': parameter 'deadline' = '0s' is out of range: expected a duration > 0 such as 30s, 10m or PT10M
        threshold         | metric=t,upper=hot,lower=1 | Rule 'r': parameter 'upper' = 'hot' is invalid: expected a number
        amount-anomaly    | alpha=0.1,zThreshold=NaN,warmup=10,minStdDev=0.2 | Rule 'r': parameter 'zThreshold' = 'NaN' is invalid: expected a number > 0
        card-testing      | window=10m,smallAmountMinor=200,minCount=3,minMerchants=4 | Rule 'r': parameter 'minMerchants' = '4' is out of range: expected a value at most parameter 'minCount' = '3'
        impossible-travel | maxSpeedKmh=900,minDistanceKm=-1 | Rule 'r': parameter 'minDistanceKm' = '-1' is out of range: expected a number >= 0
        """)
    void shouldRejectRuleWhenParameterBreaksCatalog(String detector, String parameters,
            String message) {
        // When
        ConfigException e = assertThrows(ConfigException.class, () -> new RuleSpec("r", 1, detector,
                true, "LOW", Duration.ZERO, parse(parameters)));

        // Then
        assertEquals(message, e.getMessage());
    }

    @Test
    void shouldRefuseParametersWhenBlockedCardRuleIsGivenAny() {
        // When: the feedback detector takes no parameters
        ConfigException e = assertThrows(ConfigException.class, () -> new RuleSpec("blocked", 1,
                DetectorCatalog.BLOCKED_CARD_USED, true, "CRITICAL", Duration.ZERO,
                Map.of("window", "10m")));

        // Then
        assertEquals("Rule 'blocked': parameter 'window' = '10m' is unknown: detector "
                + "blocked-card-used takes no parameters",
                e.getMessage());
        assertEquals(DetectorSpec.Entity.CARD,
                DetectorCatalog.find(DetectorCatalog.BLOCKED_CARD_USED).orElseThrow().entity());
    }

    private static Map<String, String> parse(String parameters) {
        Map<String, String> map = new java.util.HashMap<>();
        for (String pair : parameters.split(",")) {
            String[] kv = pair.split("=", 2);
            map.put(kv[0], kv[1].strip());
        }
        return map;
    }
}

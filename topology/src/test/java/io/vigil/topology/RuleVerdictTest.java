package io.vigil.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vigil.config.RuleSet;
import io.vigil.config.RuleSpec;
import io.vigil.events.Rule;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** Rule records to rule specs and back, and what one record does to the rule in force. */
class RuleVerdictTest {

    private static final RuleSpec VELOCITY_V1 = new RuleSpec("velocity", 1, "velocity", true, "HIGH",
            Duration.ofMinutes(10), Map.of("maxCount", "5", "window", "60s"));

    @Test
    void shouldGiveBackTheSameRuleWhenEveryDefaultRuleIsConvertedBothWays() {
        // When
        RuleSet defaults = RuleSet.defaults();

        // Then
        defaults.rules().forEach(rule -> assertEquals(rule, RuleRecords.toSpec(RuleRecords.toRecord(rule))));
    }

    @Test
    void shouldAcceptNewRuleAndHigherVersionWhenValid() {
        // Given
        Rule v2 = RuleRecords.toRecord(new RuleSpec("velocity", 2, "velocity", true, "HIGH",
                Duration.ofMinutes(10), Map.of("maxCount", "3", "window", "60s")));

        // Then
        assertEquals(new RuleVerdict.Accepted(VELOCITY_V1),
                RuleVerdict.of("velocity", RuleRecords.toRecord(VELOCITY_V1), Optional.empty()));
        assertEquals(new RuleVerdict.Accepted(RuleRecords.toSpec(v2)),
                RuleVerdict.of("velocity", v2, Optional.of(VELOCITY_V1)));
        assertEquals(new RuleVerdict.Unchanged(VELOCITY_V1),
                RuleVerdict.of("velocity", RuleRecords.toRecord(VELOCITY_V1), Optional.of(VELOCITY_V1)));
        assertEquals(new RuleVerdict.Removed("velocity"), RuleVerdict.of("velocity", null, Optional.of(VELOCITY_V1)));
    }

    @Test
    void shouldRejectWithRuleAndFieldWhenRecordIsMalformed() {
        // Given
        Rule unknownDetector = RuleRecords.toRecord(VELOCITY_V1);
        unknownDetector.setDetector("teleport");
        Rule missingParameter = RuleRecords.toRecord(VELOCITY_V1);
        missingParameter.getParameters().remove("window");
        Rule sameVersionChanged = RuleRecords.toRecord(VELOCITY_V1);
        sameVersionChanged.getParameters().put("maxCount", "4");

        // Then
        assertEquals(new RuleVerdict.Rejected("Rule 'velocity': field 'detector' = 'teleport' is unknown: expected "
                        + "one of velocity, amount-anomaly, impossible-travel, card-testing, duplicate-transaction, "
                        + "blocked-card-used, threshold, rate-of-change, telemetry-anomaly, flatline, silence"),
                RuleVerdict.of("velocity", unknownDetector, Optional.empty()));
        assertEquals(new RuleVerdict.Rejected("Rule 'velocity': parameter 'window' is missing: expected a duration "
                        + "between 1s and 1d"),
                RuleVerdict.of("velocity", missingParameter, Optional.empty()));
        assertEquals(new RuleVerdict.Rejected("Rule 'velocity': field 'version' = '1' is not increasing: expected "
                        + "a version above 1, the version in force"),
                RuleVerdict.of("velocity", sameVersionChanged, Optional.of(VELOCITY_V1)));
        assertEquals(new RuleVerdict.Rejected("Rule record without a key: expected the rule id as key"),
                RuleVerdict.of(null, RuleRecords.toRecord(VELOCITY_V1), Optional.empty()));
    }
}

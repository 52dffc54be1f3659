package io.vigil.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A RuleSpec built in code is held to the same checks as one read from a file. */
class RuleSpecTest {

    private static RuleSpec velocity(Map<String, String> parameters) {
        return new RuleSpec("velocity", 1, "velocity", true, "HIGH", Duration.ofMinutes(10), parameters);
    }

    @Test
    void shouldRejectWithEveryProblemWhenBuiltInCodeWithBadValues() {
        // When
        ConfigException e = assertThrows(ConfigException.class, () -> new RuleSpec("velocity", 0,
                "velocity", true, "SEVERE", Duration.ofMinutes(10), Map.of("maxCount", "0", "window", "60s")));

        // Then
        assertEquals(String.join("\n",
                "Rule 'velocity': field 'version' = '0' is out of range: expected an integer >= 1",
                "Rule 'velocity': field 'severity' = 'SEVERE' is invalid: "
                        + "expected one of LOW, MEDIUM, HIGH, CRITICAL",
                "Rule 'velocity': parameter 'maxCount' = '0' is out of range: "
                        + "expected an integer between 1 and 10000"), e.getMessage());
    }

    @Test
    void shouldStoreSeverityUpperCaseWhenWrittenInLowerCase() {
        // When
        RuleSpec rule = new RuleSpec("v", 1, "velocity", true, "critical", Duration.ZERO,
                Map.of("maxCount", "5", "window", "1m"));

        // Then
        assertEquals("CRITICAL", rule.severity());
    }

    @Test
    void shouldFillDefaultWhenOptionalParameterIsLeftOut() {
        // When
        RuleSpec rule = new RuleSpec("stuck", 1, "flatline", true, "LOW", Duration.ofMinutes(5),
                Map.of("metric", "temperature", "duration", "10m"));

        // Then
        assertEquals(Map.of("metric", "temperature", "duration", "10m", "tolerance", "0"),
                rule.parameters());
        assertEquals(0.0, rule.doubleParam("tolerance"));
    }

    @Test
    void shouldNameRuleAndParameterWhenDetectorReadsItAsTheWrongType() {
        // Given
        RuleSpec rule = velocity(Map.of("maxCount", "5", "window", "60s"));

        // When
        ConfigException e = assertThrows(ConfigException.class, () -> rule.intParam("window"));

        // Then
        assertEquals("Rule 'velocity': parameter 'window' = '60s' is invalid: expected an integer",
                e.getMessage());
    }

    @Test
    void shouldNameRuleAndParameterWhenDetectorReadsAnAbsentParameter() {
        // Given
        RuleSpec rule = velocity(Map.of("maxCount", "5", "window", "60s"));

        // When
        ConfigException e = assertThrows(ConfigException.class, () -> rule.stringParam("metric"));

        // Then
        assertEquals("Rule 'velocity': parameter 'metric' is missing: "
                + "expected one of maxCount, window", e.getMessage());
    }

    @Test
    void shouldKeepItsOwnCopyWhenCallerChangesParameterMap() {
        // Given
        Map<String, String> parameters = new HashMap<>(Map.of("maxCount", "5", "window", "60s"));
        RuleSpec rule = velocity(parameters);

        // When
        parameters.put("maxCount", "9");

        // Then
        assertEquals(5, rule.intParam("maxCount"));
        assertThrows(UnsupportedOperationException.class, () -> rule.parameters().put("x", "y"));
    }

    @Test
    void shouldRejectRuleSetWhenTwoRulesShareAnId() {
        // Given
        RuleSpec rule = velocity(Map.of("maxCount", "5", "window", "60s"));

        // When
        ConfigException e = assertThrows(ConfigException.class, () -> new RuleSet(List.of(rule, rule)));

        // Then
        assertEquals("Rule 'velocity': field 'id' = 'velocity' is duplicated: "
                + "expected each rule id only once", e.getMessage());
    }

    @Test
    void shouldListOnlyEnabledRulesWhenSomeAreDisabled() {
        // Given
        RuleSpec on = velocity(Map.of("maxCount", "5", "window", "60s"));
        RuleSpec off = new RuleSpec("velocity-hour", 1, "velocity", false, "LOW", Duration.ZERO,
                Map.of("maxCount", "50", "window", "1h"));
        RuleSet rules = new RuleSet(List.of(on, off));

        // Then
        assertEquals(List.of(on), rules.enabled());
        assertEquals(List.of(on, off), rules.forDetector("velocity"));
    }
}

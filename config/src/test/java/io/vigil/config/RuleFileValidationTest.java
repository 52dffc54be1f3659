package io.vigil.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

/** Each problem in a rules file names the rule and the field; all of them come in one go. */
class RuleFileValidationTest {

    private static final String VELOCITY_WITH = """
        rules:
          - id: velocity
            version: 1
            detector: velocity
            severity: HIGH
            cooldown: 10m
            parameters: {maxCount: 5, window: 60s}
        """;

    @TempDir
    Path dir;

    @Test
    void shouldAcceptRuleWhenEveryFieldIsValid() {
        // When
        RuleSet rules = RuleSet.parse(VELOCITY_WITH);

        // Then
        assertEquals(5, rules.find("velocity").orElseThrow().intParam("maxCount"));
    }

    @Test
    void shouldRejectParameterWhenOutOfRange() {
        assertProblem("Rule 'velocity': parameter 'maxCount' = '0' is out of range: "
                + "expected an integer between 1 and 10000", VELOCITY_WITH.replace("maxCount: 5", "maxCount: 0"));
    }

    @Test
    void shouldRejectParameterWhenUnparsable() {
        assertProblem("Rule 'velocity': parameter 'window' = 'soon' is invalid: "
                + "expected a duration between 1s and 1d", VELOCITY_WITH.replace("60s", "soon"));
    }

    @Test
    void shouldRejectDurationParameterWhenOutOfRange() {
        assertProblem("Rule 'velocity': parameter 'window' = '2d' is out of range: "
                + "expected a duration between 1s and 1d", VELOCITY_WITH.replace("60s", "2d"));
    }

    @Test
    void shouldRejectRuleWhenRequiredParameterIsMissing() {
        assertProblem("Rule 'velocity': parameter 'window' is missing: "
                + "expected a duration between 1s and 1d", VELOCITY_WITH.replace(", window: 60s", ""));
    }

    @Test
    void shouldRejectParameterWhenDetectorDoesNotKnowIt() {
        assertProblem("Rule 'velocity': parameter 'maxAmount' = '7' is unknown: "
                + "expected one of maxCount, window", VELOCITY_WITH.replace("}", ", maxAmount: 7}"));
    }

    @Test
    void shouldRejectRuleWhenDetectorIsUnknown() {
        assertProblem("Rule 'velocity': field 'detector' = 'teleport' is unknown: expected one of "
                + "velocity, amount-anomaly, impossible-travel, card-testing, duplicate-transaction, blocked-card-used, "
                + "threshold, rate-of-change, telemetry-anomaly, flatline, silence",
                VELOCITY_WITH.replace("detector: velocity", "detector: teleport"));
    }

    @Test
    void shouldRejectRuleWhenVersionIsBelowOne() {
        assertProblem("Rule 'velocity': field 'version' = '0' is out of range: expected an integer >= 1",
                VELOCITY_WITH.replace("version: 1", "version: 0"));
    }

    @Test
    void shouldRejectRuleWhenVersionIsNotAnInteger() {
        assertProblem("Rule 'velocity': field 'version' = 'v2' is invalid: expected an integer >= 1",
                VELOCITY_WITH.replace("version: 1", "version: v2"));
    }

    @Test
    void shouldRejectRuleWhenSeverityIsUnknown() {
        assertProblem("Rule 'velocity': field 'severity' = 'URGENT' is invalid: "
                + "expected one of LOW, MEDIUM, HIGH, CRITICAL",
                VELOCITY_WITH.replace("severity: HIGH", "severity: URGENT"));
    }

    @Test
    void shouldRejectRuleWhenCooldownIsNegative() {
        assertProblem("Rule 'velocity': field 'cooldown' = '-5m' is out of range: "
                + "expected a duration >= 0 such as 0s, 10m or PT10M",
                VELOCITY_WITH.replace("cooldown: 10m", "cooldown: -5m"));
    }

    @Test
    void shouldRejectRuleWhenIdIsMissing() {
        assertProblem("Rule #1: field 'id' is missing: expected a rule id of "
                + "letters, digits, '.', '_' or '-'", VELOCITY_WITH.replace("- id: velocity", "- enabled: true"));
    }

    @Test
    void shouldRejectRuleWhenFieldNameIsMisspelt() {
        assertProblem("Rule 'velocity': field 'cooldwn' = '10m' is unknown: expected one of "
                + "id, version, detector, enabled, severity, cooldown, parameters\n"
                + "Rule 'velocity': field 'cooldown' is missing: "
                + "expected a duration >= 0 such as 0s, 10m or PT10M",
                VELOCITY_WITH.replace("cooldown:", "cooldwn:"));
    }

    @Test
    void shouldRejectRuleWhenEnabledIsNotABoolean() {
        assertProblem("Rule 'velocity': field 'enabled' = 'sometimes' is invalid: expected true or false",
                VELOCITY_WITH.replace("version: 1", "version: 1\n    enabled: sometimes"));
    }

    @Test
    void shouldRejectParameterOnceWhenItIsAListInsteadOfAValue() {
        assertProblem("Rule 'velocity': parameter 'window' = '[\"60s\",\"2m\"]' is invalid: "
                + "expected a single value", VELOCITY_WITH.replace("window: 60s", "window: [60s, 2m]"));
    }

    @Test
    void shouldRejectRuleWhenIdIsUsedTwice() {
        // Given
        String twice = VELOCITY_WITH + VELOCITY_WITH.replace("rules:\n", "");

        assertProblem("Rule 'velocity': field 'id' = 'velocity' is duplicated: "
                + "expected each rule id only once", twice);
    }

    @Test
    void shouldRejectThresholdWhenLowerIsNotBelowUpper() {
        assertProblem("Rule 'hot': parameter 'lower' = '90' is out of range: "
                + "expected a value less than parameter 'upper' = '80'", """
                rules:
                  - id: hot
                    version: 1
                    detector: threshold
                    severity: MEDIUM
                    cooldown: 5m
                    parameters: {metric: temperature, upper: 80, lower: 90}
                """);
    }

    @Test
    void shouldCollectEveryProblemOfTheFileWhenSeveralRulesAreBad() throws Exception {
        // Given: three rules, two of them broken in several ways
        Path file = Files.writeString(dir.resolve("rules.yaml"), """
            rules:
              - id: velocity
                version: 0
                detector: velocity
                severity: HIGH
                cooldown: 10m
                parameters: {maxCount: 0, window: 60s}
              - id: fine
                version: 1
                detector: duplicate-transaction
                severity: MEDIUM
                cooldown: 10m
                parameters: {window: 2m}
              - id: testing
                version: 1
                detector: card-testing
                severity: urgent
                cooldown: -1m
                parameters: {window: 10m, smallAmountMinor: 200, minCount: 1}
            """);

        // When
        ConfigException e = assertThrows(ConfigException.class, () -> RuleSet.load(file));

        // Then
        assertEquals(String.join("\n",
                "Rule 'velocity': field 'version' = '0' is out of range: expected an integer >= 1",
                "Rule 'velocity': parameter 'maxCount' = '0' is out of range: "
                        + "expected an integer between 1 and 10000",
                "Rule 'testing': field 'severity' = 'urgent' is invalid: "
                        + "expected one of LOW, MEDIUM, HIGH, CRITICAL",
                "Rule 'testing': field 'cooldown' = '-1m' is out of range: "
                        + "expected a duration >= 0 such as 0s, 10m or PT10M",
                "Rule 'testing': parameter 'minCount' = '1' is out of range: expected an integer >= 2",
                "Rule 'testing': parameter 'minMerchants' is missing: expected an integer >= 1"),
                e.getMessage());
        assertEquals(6, e.problems().size());
        assertEquals("rules.velocity.parameters.maxCount", e.problems().get(1).key());
    }

    @Test
    void shouldNameTheFileWhenYamlIsBroken() {
        // When
        ConfigException e = assertThrows(ConfigException.class,
                () -> RuleSet.parse("rules:\n  - id: [unclosed\n"));

        // Then
        assertTrue(e.getMessage().startsWith("Rules file '(text)' is not valid YAML at line "),
                e.getMessage());
    }

    @Test
    void shouldRejectFileWhenAKeyIsRepeated() {
        // When
        ConfigException e = assertThrows(ConfigException.class,
                () -> RuleSet.parse(VELOCITY_WITH.replace("version: 1", "version: 1\n    version: 2")));

        // Then
        assertTrue(e.getMessage().contains("Duplicate field 'version'"), e.getMessage());
    }

    @Test
    void shouldRejectFileWhenRulesListIsAbsent() {
        // When
        ConfigException e = assertThrows(ConfigException.class, () -> RuleSet.parse("rule: []\n"));

        // Then
        assertEquals("Rules file '(text)' has unknown top-level keys [rule]: "
                + "expected a YAML mapping with a 'rules' list", e.getMessage());
    }

    @Test
    void shouldNameThePathWhenRulesFileDoesNotExist() {
        // Given
        Path missing = dir.resolve("nowhere.yaml");

        // When
        ConfigException e = assertThrows(ConfigException.class, () -> RuleSet.load(missing));

        // Then
        assertEquals("Rules file '" + missing + "' does not exist", e.getMessage());
    }

    @Test
    void shouldRejectEntryByPositionWhenItIsNotAMapping() {
        assertProblem("Rule #2: expected a mapping with the fields "
                + "id, version, detector, enabled, severity, cooldown, parameters",
                VELOCITY_WITH + "  - velocity\n");
    }

    @Test
    void shouldAcceptEmptyListWhenFileDisablesAllRules() {
        // When
        RuleSet rules = RuleSet.parse("rules: []\n");

        // Then
        assertEquals(0, rules.rules().size());
    }

    private static void assertProblem(String expected, String yaml) {
        // When
        ConfigException e = assertThrows(ConfigException.class, () -> RuleSet.parse(yaml));

        // Then
        assertEquals(expected, e.getMessage());
    }
}

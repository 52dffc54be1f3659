package io.vigil.lab.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vigil.events.Alert;
import io.vigil.events.AlertStatus;
import io.vigil.events.EntityType;
import io.vigil.events.Severity;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The verifier's comparison of committed alerts with the oracle's: by id, by content, and silence by input gaps. */
class AlertComparisonTest {

    private static final Instant T0 = Instant.parse("2026-11-23T12:00:00Z");

    @Test
    void shouldReportEachDifferingFieldWhenAnAlertHasTheRightIdButSaysSomethingElse() {
        // Given the replay's velocity alert, and a committed one with its id but another version, severity,
        // triggering events and explanation
        Alert expected = alert("a1", "velocity", 1, Severity.HIGH, List.of("e1", "e2"), "6 transactions in 30 s");
        Alert committed = alert("a1", "velocity", 2, Severity.MEDIUM, List.of("e2"), "6 transactions in 31 s");

        // When
        AlertComparison comparison = AlertComparison.compare(Map.of("a1", expected), List.of(committed), Set.of(),
                a -> true);

        // Then each field is reported once, in the report's order, and the alert counts once
        assertEquals(List.of(
                new AlertComparison.Mismatch("a1", "version", "1", "2"),
                new AlertComparison.Mismatch("a1", "severity", "HIGH", "MEDIUM"),
                new AlertComparison.Mismatch("a1", "triggeringEventIds", "[e1, e2]", "[e2]"),
                new AlertComparison.Mismatch("a1", "explanation", "6 transactions in 30 s", "6 transactions in 31 s")),
                comparison.mismatches());
        Map<String, Integer> byField = new LinkedHashMap<>();
        byField.put("version", 1);
        byField.put("severity", 1);
        byField.put("triggeringEventIds", 1);
        byField.put("explanation", 1);
        assertEquals(byField, comparison.mismatchesByField());
        assertEquals(List.copyOf(byField.keySet()), List.copyOf(comparison.mismatchesByField().keySet()));
        assertEquals(1, comparison.mismatchedAlerts());
        assertEquals(List.of(), comparison.missing());
        assertEquals(List.of(), comparison.unexpected());
    }

    @Test
    void shouldCountASilenceOpenAsUnexpectedWhenNoGapInTheDevicesInputExplainsIt() {
        // Given two silence OPENs, one after a real gap and one after a reading followed 5 s later by the next
        Alert gap = alert("s1", "silence", 1, Severity.HIGH, List.of("r7"), "Device d1 silent for 30 s");
        Alert stall = alert("s2", "silence", 1, Severity.HIGH, List.of("r3"), "Device d2 silent for 30 s");

        // When only the first is explained by the input
        AlertComparison comparison = AlertComparison.compare(Map.of(), List.of(gap, stall), Set.of("silence"),
                a -> a.getAlertId().equals("s1"));

        // Then the second is unexpected, and counted as unexplained silence
        assertEquals(List.of("silence OPEN on d-s2 (s2): no gap in the device's input explains it"),
                comparison.unexpected());
        assertEquals(1, comparison.unexplainedSilence());
        assertEquals(List.of(), comparison.mismatches());
    }

    @Test
    void shouldListMissingAndUnexpectedIdsAsBefore() {
        // Given the replay expects a1, and a2 was committed instead
        Alert a1 = alert("a1", "velocity", 1, Severity.HIGH, List.of("e1"), "x");
        Alert a2 = alert("a2", "velocity", 1, Severity.HIGH, List.of("e2"), "y");

        // When
        AlertComparison comparison = AlertComparison.compare(Map.of("a1", a1), List.of(a2), Set.of(), a -> true);

        // Then
        assertEquals(List.of("velocity OPEN on d-a1 (a1)"), comparison.missing());
        assertEquals(List.of("velocity OPEN on d-a2 (a2)"), comparison.unexpected());
        assertEquals(0, comparison.unexplainedSilence());
    }

    private static Alert alert(String id, String rule, int version, Severity severity, List<String> events,
                               String explanation) {
        return Alert.newBuilder().setAlertId(id).setRuleId(rule).setRuleVersion(version).setDetector(rule)
                .setEntityType(EntityType.DEVICE).setEntityId("d-" + id).setSeverity(severity)
                .setStatus(AlertStatus.OPEN).setResolvesAlertId(null).setEventTimestamp(T0).setWindowStart(T0)
                .setWindowEnd(T0).setTriggeringEventIds(events).setFeatures(Map.of()).setExplanation(explanation)
                .build();
    }
}

package io.vigil.lab.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vigil.events.Alert;
import io.vigil.events.AlertStatus;
import io.vigil.events.EntityType;
import io.vigil.events.Severity;
import io.vigil.lab.demo.DetectionScore.ConfounderScore;
import io.vigil.lab.demo.DetectionScore.PatternScore;
import io.vigil.loadgen.Injection;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Scoring alerts against ground truth, one concern at a time, on hand-made injections and alerts. */
class DetectionScoreTest {

    private static final Instant T0 = Instant.parse("2026-11-23T12:00:00Z");

    @Test
    void shouldExplainAnAlertWhenItNamesAnEventOfAnInjectionOfItsDetectorOnItsCard() {
        // Given a velocity injection and a velocity alert on its card naming one of its events
        Injection injection = injection("velocity-000001", "velocity", "card-1", 1, "e1", "e2");

        // When
        DetectionScore score = DetectionScore.score(List.of(injection),
                List.of(alert("a1", "velocity", "card-1", AlertStatus.OPEN, "e2")));

        // Then it is detected and explained: no false alert, 100% both ways
        assertEquals(Map.of("velocity", new PatternScore(1, 1, 1, 0, 0, 0)), score.patterns());
        assertEquals(0, score.falseAlerts());
        assertEquals(1.0, score.precision());
        assertEquals(1.0, score.recall());
    }

    @Test
    void shouldChargeAFalseAlertToItsOwnDetectorWhenItMatchesNoInjection() {
        // Given a detected velocity injection, plus a velocity alert on a normal card and a duplicate alert that
        // names the velocity injection's event (the wrong detector explains nothing)
        Injection injection = injection("velocity-000001", "velocity", "card-1", 1, "e1");
        List<Alert> alerts = List.of(alert("a1", "velocity", "card-1", AlertStatus.OPEN, "e1"),
                alert("a2", "velocity", "card-9", AlertStatus.OPEN, "x"),
                alert("a3", "duplicate-transaction", "card-1", AlertStatus.OPEN, "e1"));

        // When
        DetectionScore score = DetectionScore.score(List.of(injection), alerts);

        // Then velocity has one false of two, and duplicate-transaction a rule of its own with nothing injected
        assertEquals(Map.of("velocity", new PatternScore(1, 1, 2, 1, 0, 0),
                "duplicate-transaction", new PatternScore(0, 0, 1, 1, 0, 0)), score.patterns());
        assertEquals(0.5, score.patterns().get("velocity").precision());
        assertEquals(Double.NaN, score.patterns().get("duplicate-transaction").recall());
        assertEquals(2, score.falseAlerts());
        assertEquals(1.0 / 3, score.precision(), 1e-9);
    }

    @Test
    void shouldCountRepeatedAlertsWhenOneInjectionRaisesSeveralOpenAlerts() {
        // Given one injection that two OPEN alerts of its detector match (say, after a cooldown ran out)
        Injection injection = injection("velocity-000001", "velocity", "card-1", 1, "e1", "e2");

        // When
        DetectionScore score = DetectionScore.score(List.of(injection), List.of(
                alert("a1", "velocity", "card-1", AlertStatus.OPEN, "e1"),
                alert("a2", "velocity", "card-1", AlertStatus.OPEN, "e2")));

        // Then both are explained, and one is counted as a repeat
        assertEquals(Map.of("velocity", new PatternScore(1, 1, 2, 0, 1, 0)), score.patterns());
        assertEquals(1, score.repeatedAlerts());
        assertEquals(0, score.falseAlerts());
    }

    @Test
    void shouldCountAMissWhenNoAlertOfTheDetectorMatches() {
        // Given two injections, one with an alert on another card and one with an alert of the wrong detector
        List<Injection> injections = List.of(injection("card-testing-000001", "card-testing", "card-1", 1, "e1"),
                injection("card-testing-000002", "card-testing", "card-2", 1, "e2"));

        // When
        DetectionScore score = DetectionScore.score(injections, List.of(
                alert("a1", "card-testing", "card-1", AlertStatus.OPEN, "e1"),
                alert("a2", "velocity", "card-2", AlertStatus.OPEN, "e2")));

        // Then one of two is detected
        assertEquals(new PatternScore(2, 1, 1, 0, 0, 0), score.patterns().get("card-testing"));
        assertEquals(0.5, score.patterns().get("card-testing").recall());
    }

    @Test
    void shouldCountAMissingResolvedWhenADetectedEpisodeNeverResolves() {
        // Given two threshold faults that expect OPEN and RESOLVED, both opened, only the first resolved
        List<Injection> injections = List.of(injection("threshold-000001", "threshold", "device-1", 2, "r1", "r2"),
                injection("threshold-000002", "threshold", "device-2", 2, "r3", "r4"));
        List<Alert> alerts = List.of(alert("a1", "threshold", "device-1", AlertStatus.OPEN, "r1"),
                alert("a2", "threshold", "device-1", AlertStatus.RESOLVED, "r2"),
                alert("a3", "threshold", "device-2", AlertStatus.OPEN, "r3"));

        // When
        DetectionScore score = DetectionScore.score(injections, alerts);

        // Then both are detected and one lacks its RESOLVED; RESOLVED alerts are not counted as alerts
        assertEquals(Map.of("threshold", new PatternScore(2, 2, 2, 0, 0, 1)), score.patterns());
        assertEquals(1, score.missingResolved());
    }

    @Test
    void shouldCountEveryAlertOnAConfounderAsFalseWhenLegitimateBehaviourFoolsARule() {
        // Given a merchant retry (legitimate) that the duplicate rule alerts on, and a quiet big-ticket purchase
        List<Injection> injections = List.of(injection("merchant-retry-000001", "merchant-retry", "card-1", 0, "e1", "e2"),
                injection("big-ticket-000001", "big-ticket", "card-2", 0, "e3"));

        // When
        DetectionScore score = DetectionScore.score(injections, List.of(
                alert("a1", "duplicate-transaction", "card-1", AlertStatus.OPEN, "e1", "e2")));

        // Then the alert is false, the confounders are counted apart from the replays, and nothing was injected
        assertEquals(Map.of("duplicate-transaction", new PatternScore(0, 0, 1, 1, 0, 0)), score.patterns());
        assertEquals(Map.of("merchant-retry", new ConfounderScore(1, 1, 1), "big-ticket", new ConfounderScore(1, 0, 0)),
                score.confounders());
        assertEquals(0, score.quietInjections());
        assertEquals(0.0, score.precision());
    }

    @Test
    void shouldCountAReplayAsViolatedWhenAnyAlertFiresOnItsCard() {
        // Given a replay (expects nothing) whose card drew a velocity alert
        Injection replay = injection("replay-000001", "replay", "card-1", 0, "e1", "e1");

        // When
        DetectionScore score = DetectionScore.score(List.of(replay),
                List.of(alert("a1", "velocity", "card-1", AlertStatus.OPEN, "e1")));

        // Then
        assertEquals(1, score.quietInjections());
        assertEquals(1, score.quietViolations());
        assertEquals(Map.of(), score.confounders());
    }

    private static Injection injection(String id, String pattern, String entity, int expectedAlerts, String... events) {
        return new Injection(id, pattern, entity, List.of(events), T0, T0.plusSeconds(10), expectedAlerts);
    }

    /** An alert at T0 + 2 h, far outside any injection's time slack: only the event ids can match it. */
    private static Alert alert(String id, String detector, String entity, AlertStatus status, String... events) {
        Instant at = T0.plusSeconds(7_200);
        return Alert.newBuilder().setAlertId(id).setRuleId(detector).setRuleVersion(1).setDetector(detector)
                .setEntityType(entity.startsWith("device") ? EntityType.DEVICE : EntityType.CARD).setEntityId(entity)
                .setSeverity(Severity.HIGH).setStatus(status).setResolvesAlertId(null).setEventTimestamp(at)
                .setWindowStart(at).setWindowEnd(at).setTriggeringEventIds(List.of(events)).setFeatures(Map.of())
                .setExplanation("x").build();
    }
}

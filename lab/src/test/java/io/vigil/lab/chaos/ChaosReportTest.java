package io.vigil.lab.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigil.config.ProcessingGuarantee;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The verdict: PASS only when every check held and the run really did what it claims. */
class ChaosReportTest {

    private static final ChaosReport.Fault KILL_IN_TRANSACTION = new ChaosReport.Fault(10, "kill -9", "instance-1",
            Map.of("inOpenTransaction", true));
    private static final ChaosReport.Fault KILL_OUTSIDE = new ChaosReport.Fault(10, "kill -9", "instance-1",
            Map.of("inOpenTransaction", false));

    @Test
    void shouldPassWhenEveryCheckHolds() {
        ChaosReport report = report(ProcessingGuarantee.EXACTLY_ONCE_V2, result(0, 0), List.of(KILL_IN_TRANSACTION));

        assertTrue(report.passed(), report::oneLine);
        assertEquals("PASS", report.verdict());
        assertTrue(report.oneLine().startsWith("chaos crash-rotation (exactly_once_v2): PASS - 40 expected alerts"),
                report::oneLine);
    }

    @Test
    void shouldFailAndSayWhyWhenAlertsAreDuplicatedOrMissing() {
        ChaosReport report = report(ProcessingGuarantee.AT_LEAST_ONCE, result(3, 1), List.of(KILL_OUTSIDE));

        assertFalse(report.passed());
        assertEquals(List.of("3 duplicate alert(s)", "1 missing alert(s)"), report.failures());
        assertTrue(report.oneLine().contains("FAIL"), report::oneLine);
    }

    @Test
    void shouldFailUnderExactlyOnceWhenNoKillLandedInsideAnOpenTransaction() {
        ChaosReport exactlyOnce = report(ProcessingGuarantee.EXACTLY_ONCE_V2, result(0, 0), List.of(KILL_OUTSIDE));
        ChaosReport atLeastOnce = report(ProcessingGuarantee.AT_LEAST_ONCE, result(0, 0), List.of(KILL_OUTSIDE));

        assertEquals(List.of("no fault landed inside an open transaction"), exactlyOnce.failures());
        assertTrue(atLeastOnce.passed(), atLeastOnce::oneLine);
    }

    @Test
    void shouldFailThePoisonScenarioWhenAnInstanceExitedByItself() {
        // Given a poison run whose checks all held, but instance-2 exited once (it reached ERROR) and was restarted
        List<ChaosReport.InstanceStats> instances = List.of(new ChaosReport.InstanceStats("instance-1", 1, List.of(), 0),
                new ChaosReport.InstanceStats("instance-2", 2, List.of(1), 0));

        // When
        ChaosReport report = new ChaosReport(ChaosSettings.defaults(ChaosScenario.POISON), result(0, 0), List.of(),
                instances, new ChaosReport.Load(100, 100, 0), new ChaosReport.Durations(10, 60, 5, 5, 80), 11, true,
                true, Map.of("instances", 2), null);

        // Then it fails, saying so: the DLQ being exact is not enough when detection stopped in between
        assertEquals(List.of("1 instance exit(s) nobody asked for: poison must leave every instance RUNNING"),
                report.failures());
    }

    @Test
    void shouldFailAndNameTheFieldsWhenCommittedAlertsSaySomethingElseThanTheReplay() {
        // Given a run whose alert ids all matched, but two alerts differ: one in its explanation, one in its
        // version and explanation; and one silence alert no input gap explains
        DeadLetters.Check dlq = new DeadLetters.Check(0, 0, List.of(), List.of(), List.of(), List.of(), List.of());
        Map<String, Integer> byField = new LinkedHashMap<>();
        byField.put("version", 1);
        byField.put("explanation", 2);
        ChaosVerifier.Result result = new ChaosVerifier.Result(1_000, 40, 41, 41, 0, List.of(), 0, List.of(), 1,
                List.of("silence OPEN on d-1 (s1): no gap in the device's input explains it"), Map.of(), Map.of(), 1,
                0, List.of(), 0, Map.of(), 0, dlq, true, "EMPTY", 0.1, 1, 2, byField, List.of());

        // When
        ChaosReport report = report(ProcessingGuarantee.EXACTLY_ONCE_V2, result, List.of(KILL_IN_TRANSACTION));

        // Then
        assertEquals(List.of("1 unexpected alert(s) (1 of them silence no gap in the device's input explains)",
                "2 alert(s) saying something else than the replay (version 1, explanation 2)"), report.failures());
        assertTrue(report.oneLine().contains(", 1 unexpected, 2 differing (version 1, explanation 2), "),
                report::oneLine);
        assertEquals(Map.of("alerts", 2, "byField", byField), report.toJson().get("contentMismatches"));
    }

    @Test
    void shouldWriteTheKeysTheIssueNamesWhenRenderedAsJson() {
        Map<String, Object> json = report(ProcessingGuarantee.EXACTLY_ONCE_V2, result(0, 0),
                List.of(KILL_IN_TRANSACTION)).toJson();

        for (String key : List.of("scenario", "verdict", "expectedAlerts", "committedAlerts", "duplicates", "missing",
                "unexpected", "hangingTransactions", "dlqRecords", "expectedDlqRecords", "durations", "kills",
                "settings", "brokers", "recoverySeconds")) {
            assertTrue(json.containsKey(key), key);
        }
        assertEquals("crash-rotation", json.get("scenario"));
        assertEquals(1L, json.get("kills"));
        assertEquals(1, json.get("brokers"));
        assertEquals(4.2, json.get("recoverySeconds"));
    }

    private static ChaosReport report(ProcessingGuarantee guarantee, ChaosVerifier.Result result,
                                      List<ChaosReport.Fault> faults) {
        ChaosSettings settings = ChaosSettings.defaults(ChaosScenario.CRASH_ROTATION).withGuarantee(guarantee);
        return new ChaosReport(settings, result, faults, List.of(), new ChaosReport.Load(100, 100, 0),
                new ChaosReport.Durations(10, 60, 5, 5, 80), 0, true, true, Map.of("instances", 3), 4.2);
    }

    private static ChaosVerifier.Result result(int duplicates, int missing) {
        DeadLetters.Check dlq = new DeadLetters.Check(0, 0, List.of(), List.of(), List.of(), List.of(), List.of());
        return new ChaosVerifier.Result(1_000, 40, 40 + duplicates - missing, 40 - missing, duplicates, List.of(),
                missing, List.of(), 0, List.of(), Map.of(), Map.of(), 0, 0, List.of(), 0, Map.of(), 0, dlq, true,
                "EMPTY", 0.1, 0, 0, Map.of(), List.of());
    }
}

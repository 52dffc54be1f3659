package io.vigil.app.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigil.lab.chaos.*;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/**
 * poison in CI: every kind of bad record, as the first record of a partition, mixed into load and into idle
 * partitions, against three {@code vigil detect} processes. Fails the build on any duplicate or missing alert or
 * dead letter.
 */
class PoisonChaosTest {

    @TempDir
    Path workDir;

    @Test
    void shouldDeadLetterEveryPoisonRecordOnceAndDetectEverythingElseWhenPoisonIsMixedIntoLoad() throws Exception {
        // Given three instances under exactly-once, when 55 poison records of 10 kinds (11 a round, two of them ~900 KB) arrive among the load
        ChaosReport report = ChaosTestRuns.run(ChaosScenario.POISON, workDir);
        ChaosVerifier.Result result = report.result();
        DeadLetters.Check dlq = result.deadLetters();

        // Then each poison record is in the DLQ exactly once with its original bytes, and nothing else is
        assertEquals(55, dlq.expected(), report::oneLine);
        assertTrue(dlq.exact(), dlq::toString);
        // And the good records were all detected exactly once, by instances that never stopped
        assertTrue(result.expectedAlerts() > 0, report::oneLine);
        assertEquals(0, result.duplicates(), () -> "duplicates: " + result.duplicatedIds());
        assertEquals(0, result.missing(), () -> "missing: " + result.missingAlerts());
        assertEquals(0, result.unexpected(), () -> "unexpected: " + result.unexpectedAlerts());
        assertEquals(0, report.unexpectedExits(), report::oneLine);
        assertTrue(report.passed(), report::oneLine);
    }
}

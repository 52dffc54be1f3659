package io.vigil.app.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigil.lab.chaos.*;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/**
 * crash-rotation in CI: three {@code vigil detect} processes and a {@code vigil broker} process, each instance
 * killed with SIGKILL in turn while load flows and restarted on its state. Fails the build on any duplicate or
 * missing alert.
 */
class CrashRotationChaosTest {

    @TempDir
    Path workDir;

    @Test
    void shouldCommitEveryAlertExactlyOnceWhenInstancesAreKilledInsideOpenTransactions() throws Exception {
        // Given three instances under exactly-once, when each is killed -9 once during the load and restarted
        ChaosReport report = ChaosTestRuns.run(ChaosScenario.CRASH_ROTATION, workDir);
        ChaosVerifier.Result result = report.result();

        // Then the committed alerts are exactly the oracle's: none duplicated, none missing, none invented
        assertTrue(result.expectedAlerts() > 0, report::oneLine);
        assertEquals(0, result.duplicates(), () -> "duplicates: " + result.duplicatedIds());
        assertEquals(0, result.missing(), () -> "missing: " + result.missingAlerts());
        assertEquals(0, result.unexpected(), () -> "unexpected: " + result.unexpectedAlerts());
        // And no transaction was left hanging, every kill landed inside an open one, and the verdict is PASS
        assertEquals(0, result.hangingTransactions(), () -> "hanging: " + result.hangingPartitions());
        assertTrue(report.killsInOpenTransaction() >= 1, report::oneLine);
        assertTrue(report.passed(), report::oneLine);
    }
}

package io.vigil.app.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigil.lab.chaos.*;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

/**
 * broker-bounce in CI, shortened: a three-node KRaft cluster (three {@code vigil broker --node-id} processes,
 * Vigil's topics and the internal ones at replication factor 3, min.insync.replicas 2) and three
 * {@code vigil detect} processes with one standby replica; the broker leading the most input partitions is
 * killed with SIGKILL while load flows and restarted later. Fails the build on any duplicate, missing or
 * unexpected alert or hanging transaction.
 */
class BrokerBounceChaosTest {

    @TempDir
    Path workDir;

    @Test
    void shouldCommitEveryAlertExactlyOnceWhenALeadingBrokerIsKilledUnderLoad() throws Exception {
        // Given three brokers and three instances under exactly-once, when the busiest broker is killed -9 mid-load
        ChaosReport report = ChaosTestRuns.run(ChaosScenario.BROKER_BOUNCE, workDir);
        ChaosVerifier.Result result = report.result();
        List<ChaosReport.Fault> faults = report.faults();

        // Then exactly one broker was bounced, and alerts were committed again after it
        assertEquals(1, faults.size(), report::oneLine);
        assertTrue(faults.get(0).target().startsWith("broker-"), faults::toString);
        assertNotNull(report.recoverySeconds(), () -> "no alert committed after the fault: " + faults);
        // And the committed alerts are exactly the oracle's: none duplicated, none missing, none invented
        assertTrue(result.committedAlerts() > 0, report::oneLine);
        assertEquals(0, result.duplicates(), () -> "duplicates: " + result.duplicatedIds());
        assertEquals(0, result.missing(), () -> "missing: " + result.missingAlerts());
        assertEquals(0, result.unexpected(), () -> "unexpected: " + result.unexpectedAlerts());
        assertEquals(0, result.hangingTransactions(), () -> "hanging: " + result.hangingPartitions());
        assertTrue(report.passed(), report::oneLine);
    }
}

package io.vigil.lab.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** recoverySeconds: from a fault to the first alert committed after it. */
class RecoveryClockTest {

    @Test
    void shouldMeasureFromTheFaultToTheFirstSampleWithMoreCommittedAlerts() {
        // Given samples: 10 alerts before the fault at 5 s, flat until 9.5 s, then 12
        RecoveryClock clock = new RecoveryClock(() -> 0, () -> 0);
        clock.record(4.0, 10);
        clock.record(4.75, 10);
        clock.record(6.0, 10);
        clock.record(9.5, 12);
        clock.record(10.0, 15);

        // When the recovery of the fault at 5 s is asked for
        // Then it is 4.5 s, the first growth after the fault
        assertEquals(4.5, clock.recoverySeconds(5.0).orElseThrow(), 1e-9);
    }

    @Test
    void shouldReportNothingWhenNoAlertWasCommittedAfterTheFault() {
        // Given alerts that stopped growing before the fault
        RecoveryClock clock = new RecoveryClock(() -> 0, () -> 0);
        clock.record(1.0, 3);
        clock.record(2.0, 7);
        clock.record(8.0, 7);

        // Then there is no recovery time
        assertTrue(clock.recoverySeconds(5.0).isEmpty());
    }

    @Test
    void shouldReportNothingWhenNothingWasSampledBeforeTheFault() {
        // Given the first sample comes only after the fault (the baseline is unknown)
        RecoveryClock clock = new RecoveryClock(() -> 0, () -> 0);
        clock.record(6.0, 3);
        clock.record(7.0, 5);

        // Then no recovery time is made up
        assertTrue(clock.recoverySeconds(5.0).isEmpty());
    }
}

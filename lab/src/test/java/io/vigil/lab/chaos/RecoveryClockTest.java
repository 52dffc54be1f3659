package io.vigil.lab.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** recoverySeconds: from a fault to the first alert committed after it. */
class RecoveryClockTest {

    @Test
    void shouldMeasureFromTheFaultToTheFirstSampleWithMoreCommittedAlerts() {
        // Given samples: 10 alerts before the fault at 5 s, flat until 9.5 s, then 12
        RecoveryClock clock = new RecoveryClock(() -> 0, () -> 0, () -> 0);
        clock.record(4.0, 10, 0);
        clock.record(4.75, 10, 0);
        clock.record(6.0, 10, 0);
        clock.record(9.5, 12, 0);
        clock.record(10.0, 15, 0);

        // When the recovery of the fault at 5 s is asked for
        // Then it is 4.5 s, the first growth after the fault
        assertEquals(4.5, clock.recoverySeconds(5.0).orElseThrow(), 1e-9);
    }

    @Test
    void shouldMeasureProcessingResumedWhenInputOffsetsGrowBeforeTheNextAlert() {
        // Given input offsets committed again at 6 s after a fault at 5 s, but the next alert only at 9 s
        RecoveryClock clock = new RecoveryClock(() -> 0, () -> 0, () -> 0);
        clock.record(4.0, 10, 100);
        clock.record(6.0, 10, 130);
        clock.record(9.0, 11, 180);

        // Then processing resumed after 1 s, and the first alert came after 4 s
        assertEquals(1.0, clock.processingResumedSeconds(5.0).orElseThrow(), 1e-9);
        assertEquals(4.0, clock.recoverySeconds(5.0).orElseThrow(), 1e-9);
    }

    @Test
    void shouldReportNothingWhenNoAlertWasCommittedAfterTheFault() {
        // Given alerts that stopped growing before the fault
        RecoveryClock clock = new RecoveryClock(() -> 0, () -> 0, () -> 0);
        clock.record(1.0, 3, 0);
        clock.record(2.0, 7, 0);
        clock.record(8.0, 7, 0);

        // Then there is no recovery time
        assertTrue(clock.recoverySeconds(5.0).isEmpty());
    }

    @Test
    void shouldReportNothingWhenNothingWasSampledBeforeTheFault() {
        // Given the first sample comes only after the fault (the baseline is unknown)
        RecoveryClock clock = new RecoveryClock(() -> 0, () -> 0, () -> 0);
        clock.record(6.0, 3, 0);
        clock.record(7.0, 5, 0);

        // Then no recovery time is made up
        assertTrue(clock.recoverySeconds(5.0).isEmpty());
    }
}

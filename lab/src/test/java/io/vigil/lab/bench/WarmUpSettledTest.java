package io.vigil.lab.bench;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class WarmUpSettledTest {

    @Test
    void twoRoundsWithinFifteenPercentHaveSettled() {
        assertTrue(ThroughputStages.settled(100_000, 110_000));
        assertTrue(ThroughputStages.settled(110_000, 100_000));
        assertTrue(ThroughputStages.settled(85_000, 100_000), "exactly 15% of the larger");
    }

    @Test
    void aRoundStillClimbingOrTheFirstHasNotSettled() {
        assertFalse(ThroughputStages.settled(60_000, 100_000));
        assertFalse(ThroughputStages.settled(100_000, 60_000));
        assertFalse(ThroughputStages.settled(0, 100_000), "no previous round");
        assertFalse(ThroughputStages.settled(100_000, 0));
    }
}

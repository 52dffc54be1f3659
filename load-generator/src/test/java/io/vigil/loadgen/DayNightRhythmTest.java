package io.vigil.loadgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

class DayNightRhythmTest {

    private static final List<HomeRegion> LISBON_AND_ISTANBUL = List.of(
            HomeRegion.EUROPE.stream().filter(r -> r.code().equals("pt")).findFirst().orElseThrow(),
            HomeRegion.EUROPE.stream().filter(r -> r.code().equals("tr")).findFirst().orElseThrow());

    private static double istanbulShare(String utc) {
        DayNightRhythm rhythm = new DayNightRhythm(LISBON_AND_ISTANBUL, new long[] {1_000, 1_000});
        double[] cumulative = rhythm.cumulativeWeights(Instant.parse(utc).toEpochMilli());
        return cumulative[1] - cumulative[0];
    }

    @Test
    void shouldFavourTheRegionThatIsAwakeWhenOnlyOneIs() {
        // 05:00 UTC in winter: 05:00 in Lisbon (activity 0.10), 08:00 in Istanbul (0.80)
        assertEquals(0.80 / 0.90, istanbulShare("2025-01-15T05:00:00Z"), 1e-9);
    }

    @Test
    void shouldShareEquallyWhenBothRegionsAreAtTheirBusiestHours() {
        // 11:00 UTC: 11:00 in Lisbon and 14:00 in Istanbul are both afternoon peaks (1.00 and 0.95)
        assertEquals(0.95 / 1.95, istanbulShare("2025-01-15T11:00:00Z"), 1e-9);
    }

    @Test
    void shouldPickRegionsInProportionToTheirWeightWhenDrawing() {
        DayNightRhythm rhythm = new DayNightRhythm(LISBON_AND_ISTANBUL, new long[] {1_000, 1_000});
        long at = Instant.parse("2025-01-15T05:00:00Z").toEpochMilli();
        assertEquals(1, rhythm.pickRegion(at, 0.5));
        assertEquals(0, rhythm.pickRegion(at, 0.05));
        assertTrue(DayNightRhythm.activity(3) < DayNightRhythm.activity(15) / 10, "nights are quiet");
    }
}

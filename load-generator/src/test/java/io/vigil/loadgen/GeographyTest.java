package io.vigil.loadgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

class GeographyTest {

    private static final GeoPoint PARIS = new GeoPoint(48.8566, 2.3522);
    private static final GeoPoint LONDON = new GeoPoint(51.5074, -0.1278);

    @Test
    void shouldMeasureParisToLondonAsAbout344KilometresWhenUsingHaversine() {
        assertEquals(343.6, PARIS.distanceKm(LONDON), 0.5);
        assertEquals(PARIS.distanceKm(LONDON), RuleOracle.haversineKm(48.8566, 2.3522, 51.5074, -0.1278), 1e-9);
    }

    @Test
    void shouldLandTheGivenDistanceAwayWhenMoving() {
        GeoPoint moved = PARIS.move(250, Math.toRadians(70));
        assertEquals(250, PARIS.distanceKm(moved), 1e-6);
    }

    @Test
    void shouldStayInsideTheRadiusWhenJittering() {
        SplittableRandom random = new SplittableRandom(1);
        double farthest = 0;
        for (int i = 0; i < 10_000; i++) {
            farthest = Math.max(farthest, PARIS.distanceKm(PARIS.jitter(20, random)));
        }
        assertTrue(farthest <= 20 + 1e-9 && farthest > 19, "farthest " + farthest);
    }

    @Test
    void shouldKeepEveryFarAwayCityAtLeast2500KilometresFromEveryHomeCity() {
        for (HomeRegion region : HomeRegion.EUROPE) {
            for (Place home : region.cities()) {
                for (Place far : HomeRegion.FAR_AWAY) {
                    double km = home.position().distanceKm(far.position());
                    assertTrue(km >= 2_500, home.name() + " to " + far.name() + " is " + km + " km");
                }
            }
        }
    }

    @Test
    void shouldSpreadThePopulationOverTheRegionsByWeightWhenManyCardsAreDrawn() {
        CardPopulation population = new CardPopulation(5);
        int german = 0;
        for (int i = 0; i < 20_000; i++) {
            if (population.profile(i).region().code().equals("de")) {
                german++;
            }
        }
        assertEquals(0.20, german / 20_000.0, 0.015);
    }
}

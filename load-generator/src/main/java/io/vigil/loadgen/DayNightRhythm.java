package io.vigil.loadgen;

import java.time.Instant;
import java.util.List;

/**
 * Who is awake: the share of purchases each home region makes at a given moment.
 *
 * <p>The scenario keeps its aggregate rate fixed (normal event {@code i} happens at {@code start + i / R}),
 * because a benchmark must be able to ask for exactly R events per second. The day-night rhythm therefore
 * shapes <em>which cards</em> are picked, not how many events there are: a region's share of the traffic is
 * its number of cards times the activity of its local hour (night hours are 5 to 15 times quieter than the
 * afternoon). Since the regions span UTC+0 to UTC+3, the traffic mix follows the sun: at 05:00 UTC Istanbul
 * (08:00) is already shopping while Lisbon (05:00) sleeps. The trade-off, stated plainly: when all regions are
 * at night together, their relative weights are similar again and the volume does not drop.
 */
final class DayNightRhythm {

    /** Relative purchase activity by local hour of day, 0 to 23; 1.0 is the busiest hour. */
    private static final double[] ACTIVITY = {
            0.15, 0.08, 0.05, 0.04, 0.05, 0.10, 0.30, 0.60, 0.80, 0.90, 1.00, 1.00,
            1.00, 1.00, 0.95, 0.95, 1.00, 1.00, 1.00, 0.90, 0.75, 0.55, 0.40, 0.25};
    private static final long HOUR_MILLIS = 3_600_000L;

    private final List<HomeRegion> regions;
    private final long[] cardsPerRegion;
    private long cachedHour = Long.MIN_VALUE;
    private double[] cachedCumulative;

    DayNightRhythm(List<HomeRegion> regions, long[] cardsPerRegion) {
        this.regions = List.copyOf(regions);
        this.cardsPerRegion = cardsPerRegion.clone();
    }

    /** Relative activity at {@code localHour} (0 to 23). */
    static double activity(int localHour) {
        return ACTIVITY[localHour];
    }

    /** The region that makes the purchase at {@code timeMillis}, given a uniform draw {@code u} in [0, 1). */
    int pickRegion(long timeMillis, double u) {
        double[] cumulative = cumulativeWeights(timeMillis);
        for (int i = 0; i < cumulative.length - 1; i++) {
            if (u < cumulative[i]) {
                return i;
            }
        }
        return cumulative.length - 1;
    }

    /** Normalised cumulative region weights; recomputed once per UTC hour, since zone offsets are whole hours here. */
    double[] cumulativeWeights(long timeMillis) {
        long hour = Math.floorDiv(timeMillis, HOUR_MILLIS);
        if (hour != cachedHour) {
            cachedCumulative = computeCumulative(Instant.ofEpochMilli(timeMillis));
            cachedHour = hour;
        }
        return cachedCumulative;
    }

    private double[] computeCumulative(Instant at) {
        double[] weights = new double[regions.size()];
        double total = 0;
        for (int i = 0; i < weights.length; i++) {
            int localHour = at.atZone(regions.get(i).zone()).getHour();
            weights[i] = cardsPerRegion[i] * activity(localHour);
            total += weights[i];
        }
        double running = 0;
        for (int i = 0; i < weights.length; i++) {
            running += total > 0 ? weights[i] / total : 1.0 / weights.length;
            weights[i] = running;
        }
        return weights;
    }
}

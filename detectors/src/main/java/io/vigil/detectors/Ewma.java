package io.vigil.detectors;

/**
 * Exponentially weighted mean and variance: an entity's own baseline, for a card's log-amounts and for each
 * metric of a device.
 *
 * <p>Constant memory however long the entity lives, and it follows slow drifts (a card holder's changing
 * habits, a daily temperature cycle), so that "unusual" means unusual for this entity now rather than
 * against a fixed band.
 *
 * @param count    observations folded in so far (drives the warm-up)
 * @param mean     EWMA of the value
 * @param variance EWMA variance of the value
 */
public record Ewma(long count, double mean, double variance) {

    public static final Ewma EMPTY = new Ewma(0, 0.0, 0.0);

    /** The baseline after one more observation, with smoothing factor {@code alpha} in (0, 1). */
    public Ewma update(double x, double alpha) {
        if (count == 0) {
            return new Ewma(1, x, 0.0);
        }
        // West's incremental EWMA: the variance uses the pre-update mean so that it stays unbiased.
        double diff = x - mean;
        double increment = alpha * diff;
        return new Ewma(count + 1, mean + increment, (1 - alpha) * (variance + diff * increment));
    }

    /**
     * Whether mean and variance are finite numbers. Only a baseline fed a non-finite value (possible in state
     * written before inputs were validated) is not; such a baseline is discarded rather than trusted.
     */
    public boolean isFinite() {
        return Double.isFinite(mean) && Double.isFinite(variance);
    }

    /** Signed distance of {@code x} from the mean in (floored) standard deviations. */
    public double zScore(double x, double minStdDev) {
        return (x - mean) / stdDev(minStdDev);
    }

    public double stdDev(double minStdDev) {
        return Math.max(Math.sqrt(variance), minStdDev);
    }
}

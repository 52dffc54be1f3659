package io.vigil.detectors.fraud;

/**
 * Exponentially weighted mean and variance of a card's log-amounts.
 *
 * <p>Log-amounts because card spending is multiplicative: a 40-euro purchase on a card that usually spends
 * 20 is as unusual as 400 on a card that spends 200. The EWMA keeps constant memory however long the card
 * lives and adapts when a card holder's habits drift.
 *
 * @param count    transactions folded in so far (drives the warm-up)
 * @param mean     EWMA of ln(amount + 1)
 * @param variance EWMA variance of ln(amount + 1)
 */
public record AmountBaseline(long count, double mean, double variance) {

    public static final AmountBaseline EMPTY = new AmountBaseline(0, 0.0, 0.0);

    /** The baseline after one more observation, with smoothing factor {@code alpha} in (0, 1). */
    public AmountBaseline update(double x, double alpha) {
        if (count == 0) {
            return new AmountBaseline(1, x, 0.0);
        }
        // West's incremental EWMA: variance is updated with the pre-update mean so that it stays unbiased.
        double diff = x - mean;
        double increment = alpha * diff;
        return new AmountBaseline(count + 1, mean + increment, (1 - alpha) * (variance + diff * increment));
    }

    /** How many (floored) standard deviations {@code x} sits above the mean. */
    public double zScore(double x, double minStdDev) {
        return (x - mean) / Math.max(Math.sqrt(variance), minStdDev);
    }

    public static double logAmount(long amountMinor) {
        return Math.log1p(amountMinor / 100.0);
    }
}

package io.vigil.detectors.telemetry;

import java.util.Arrays;

/**
 * What the novelty model remembers about one metric: the range of values seen, how recent readings spread
 * over {@code bins} equal bands of that range (counts that decay by a factor per reading), the previous
 * value, the largest recent step between two readings, and the readings since the model last alerted.
 *
 * <p>Constant size: 53 bytes plus 4 per band (181 bytes with 32 bands, see {@link DeviceStateCodec}). Counts
 * are floats in memory as on disk, so that a state read back from the store judges exactly as the one that
 * was written. When a reading widens the range the bands stretch with it and keep their counts: cheaper
 * than rebinning, and the counts of a stretched band only make it look less rare, never more.
 */
public final class NoveltyState {

    /** What made a reading novel. */
    public enum Kind { OUTSIDE_RANGE, RARE_BAND, STEP }

    /**
     * A novel reading.
     *
     * @param share for {@link Kind#RARE_BAND}, the band's share of recent readings relative to an even share
     */
    public record Novelty(Kind kind, double value, double lo, double hi, double share, double step, double maxStep) {
    }

    private long count;
    private double lo;
    private double hi;
    private double previous;
    private double maxStep;
    private double total;
    private int sinceAlert;
    private final float[] counts;

    public NoveltyState(int bins) {
        this.counts = new float[bins];
        this.sinceAlert = Integer.MAX_VALUE;
    }

    NoveltyState(long count, double lo, double hi, double previous, double maxStep, double total, int sinceAlert,
                 float[] counts) {
        this.count = count;
        this.lo = lo;
        this.hi = hi;
        this.previous = previous;
        this.maxStep = maxStep;
        this.total = total;
        this.sinceAlert = sinceAlert;
        this.counts = counts;
    }

    /**
     * Whether {@code x} is novel: outside the range seen, in a band whose share of the decayed counts is
     * below {@code rarity} times an even share, or a step above {@code stepFactor} times the largest recent
     * step. Nothing is novel before {@code warmup} readings, while the range is a single value, or within
     * {@code quiet} readings of the last alert.
     */
    public Novelty judge(double x, double rarity, double stepFactor, int warmup, int quiet) {
        if (count < warmup || hi <= lo || sinceAlert <= quiet) {
            return null;
        }
        if (x < lo || x > hi) {
            return new Novelty(Kind.OUTSIDE_RANGE, x, lo, hi, 0, 0, maxStep);
        }
        double share = total > 0 ? counts[band(x)] / total * counts.length : 0;
        if (share < rarity) {
            return new Novelty(Kind.RARE_BAND, x, lo, hi, share, 0, maxStep);
        }
        double step = Math.abs(x - previous);
        if (maxStep > 0 && step > stepFactor * maxStep) {
            return new Novelty(Kind.STEP, x, lo, hi, share, step, maxStep);
        }
        return null;
    }

    /** Folds {@code x} in; {@code decay} is the fraction of the band counts and largest step kept per reading. */
    public void learn(double x, double decay) {
        if (count == 0) {
            lo = x;
            hi = x;
        } else {
            maxStep = Math.max(Math.abs(x - previous), maxStep * decay);
            lo = Math.min(lo, x);
            hi = Math.max(hi, x);
        }
        if (hi > lo) {
            float keep = (float) decay;
            for (int i = 0; i < counts.length; i++) {
                counts[i] *= keep;
            }
            counts[band(x)] += 1f;
            total = total * decay + 1;
        }
        previous = x;
        count++;
        if (sinceAlert < Integer.MAX_VALUE) {
            sinceAlert++;
        }
    }

    /** The model alerted on the reading about to be learned: {@link #learn} makes that 1 reading ago. */
    public void alerted() {
        sinceAlert = 0;
    }

    private int band(double x) {
        int b = (int) ((x - lo) / (hi - lo) * counts.length);
        return Math.max(0, Math.min(counts.length - 1, b));
    }

    /** The lower and upper edge of the band {@code x} falls in. */
    public double[] bandEdges(double x) {
        int b = band(x);
        double width = (hi - lo) / counts.length;
        return new double[] {lo + b * width, lo + (b + 1) * width};
    }

    public int bins() {
        return counts.length;
    }

    public long count() {
        return count;
    }

    double lo() {
        return lo;
    }

    double hi() {
        return hi;
    }

    double previous() {
        return previous;
    }

    double maxStep() {
        return maxStep;
    }

    double total() {
        return total;
    }

    int sinceAlert() {
        return sinceAlert;
    }

    float[] counts() {
        return counts;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NoveltyState n && count == n.count && lo == n.lo && hi == n.hi && previous == n.previous
                && maxStep == n.maxStep && total == n.total && sinceAlert == n.sinceAlert
                && Arrays.equals(counts, n.counts);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(count) * 31 + Arrays.hashCode(counts);
    }
}

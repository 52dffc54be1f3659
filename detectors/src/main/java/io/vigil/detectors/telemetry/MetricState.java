package io.vigil.detectors.telemetry;

import io.vigil.detectors.Ewma;

/**
 * What a device's rules remember about one of its metrics: the newest reading (for rate of change and
 * ordering), the EWMA baseline (for the anomaly rule's ewma model), the novelty state (for its novelty model)
 * and the current run of unchanged values (for flatline).
 *
 * <p>Constant size. Only the newest reading is kept, not a history: see {@link DeviceDetection} for how a
 * reading that arrives out of order within the grace period is treated with that.
 */
public final class MetricState {

    private String newestEventId;
    private long newestMillis = Long.MIN_VALUE;
    private double newestValue;
    private Ewma baseline = Ewma.EMPTY;
    private String runEventId;
    private long runStartMillis = Long.MIN_VALUE;
    private double runValue;
    private NoveltyState novelty;

    public MetricState() {
    }

    MetricState(String newestEventId, long newestMillis, double newestValue, Ewma baseline,
                String runEventId, long runStartMillis, double runValue) {
        this.newestEventId = newestEventId;
        this.newestMillis = newestMillis;
        this.newestValue = newestValue;
        this.baseline = baseline;
        this.runEventId = runEventId;
        this.runStartMillis = runStartMillis;
        this.runValue = runValue;
    }

    /** The novelty model's state, or null when no anomaly rule runs the novelty model on this metric. */
    public NoveltyState novelty() {
        return novelty;
    }

    void novelty(NoveltyState novelty) {
        this.novelty = novelty;
    }

    public boolean hasReading() {
        return newestEventId != null;
    }

    /** Event id of the reading with the greatest event time so far; null before the first. */
    public String newestEventId() {
        return newestEventId;
    }

    public long newestMillis() {
        return newestMillis;
    }

    public double newestValue() {
        return newestValue;
    }

    public Ewma baseline() {
        return baseline;
    }

    /** Whether a run of unchanged values is being tracked (only for metrics a flatline rule watches). */
    public boolean hasRun() {
        return runEventId != null;
    }

    /** The first reading of the current run of values within tolerance of {@link #runValue()}. */
    public String runEventId() {
        return runEventId;
    }

    public long runStartMillis() {
        return runStartMillis;
    }

    public double runValue() {
        return runValue;
    }

    void newest(String eventId, long timestampMillis, double value) {
        this.newestEventId = eventId;
        this.newestMillis = timestampMillis;
        this.newestValue = value;
    }

    void baseline(Ewma baseline) {
        this.baseline = baseline;
    }

    void startRun(String eventId, long timestampMillis, double value) {
        this.runEventId = eventId;
        this.runStartMillis = timestampMillis;
        this.runValue = value;
    }
}

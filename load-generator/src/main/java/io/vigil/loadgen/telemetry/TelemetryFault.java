package io.vigil.loadgen.telemetry;

import io.vigil.config.DetectorCatalog;
import io.vigil.loadgen.InjectedPattern;

/**
 * The sensor faults the telemetry scenario injects. Each is named, in the ground truth, after the detector it
 * must trip (which is also the id of that detector's default rule), like the fraud patterns.
 */
public enum TelemetryFault implements InjectedPattern {
    /** The threshold metric jumps above the upper limit for a few readings, then drops back below the release limit. */
    SPIKE(DetectorCatalog.THRESHOLD, 2),
    /** The rate-of-change metric climbs several times faster than the limit for a few readings, then falls back. */
    RAMP(DetectorCatalog.RATE_OF_CHANGE, 1),
    /** One reading of the anomaly metric far outside the device's own recent readings. */
    OUTLIER(DetectorCatalog.TELEMETRY_ANOMALY, 1),
    /** The flatline metric repeats one value for longer than the rule's duration, then moves again. */
    STUCK(DetectorCatalog.FLATLINE, 2),
    /** The device sends nothing for well over the silence deadline, then reports again. */
    SILENCE(DetectorCatalog.SILENCE, 2);

    private final Spec spec;

    TelemetryFault(String id, int expectedAlerts) {
        this.spec = new Spec(id, expectedAlerts);
    }

    @Override
    public Spec spec() {
        return spec;
    }

    public static TelemetryFault of(String id) {
        return InjectedPattern.byId(TelemetryFault.class, id, "telemetry fault", "faults");
    }
}

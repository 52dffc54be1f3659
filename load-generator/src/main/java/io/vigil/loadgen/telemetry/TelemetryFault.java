package io.vigil.loadgen.telemetry;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The sensor faults the telemetry scenario injects. Each is named, in the ground truth, after the detector it
 * must trip (which is also the id of that detector's default rule), like the fraud patterns.
 */
public enum TelemetryFault {
    /** The threshold metric jumps above the upper limit for a few readings, then drops back below the release limit. */
    SPIKE("threshold", 2),
    /** The rate-of-change metric climbs several times faster than the limit for a few readings, then falls back. */
    RAMP("rate-of-change", 1),
    /** One reading of the anomaly metric far outside the device's own recent readings. */
    OUTLIER("telemetry-anomaly", 1),
    /** The flatline metric repeats one value for longer than the rule's duration, then moves again. */
    STUCK("flatline", 2),
    /** The device sends nothing for well over the silence deadline, then reports again. */
    SILENCE("silence", 2);

    private final String id;
    private final int expectedAlerts;

    TelemetryFault(String id, int expectedAlerts) {
        this.id = id;
        this.expectedAlerts = expectedAlerts;
    }

    /** The pattern id in the ground truth: the detector the fault must trip. */
    public String id() {
        return id;
    }

    /** Alerts one injection must produce: OPEN and RESOLVED for episode rules, one OPEN for the others. */
    public int expectedAlerts() {
        return expectedAlerts;
    }

    public static TelemetryFault of(String id) {
        for (TelemetryFault fault : values()) {
            if (fault.id.equals(id)) {
                return fault;
            }
        }
        throw new IllegalArgumentException("Unknown telemetry fault '" + id + "'; known faults: "
                + Arrays.stream(values()).map(TelemetryFault::id).collect(Collectors.joining(", ")));
    }
}

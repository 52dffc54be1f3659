package io.vigil.detectors.telemetry;

import io.vigil.config.RuleSpec;
import io.vigil.events.Telemetry;

import java.util.Optional;

/**
 * One telemetry rule that judges readings of one metric (silence, which judges the absence of readings, is
 * {@link SilenceDetector}).
 *
 * <p>Contract: {@link DeviceDetection} calls a detector only for readings of its {@link #metric()}, after the
 * duplicate and lateness checks and before the reading is folded into the {@link MetricState}, so a detector
 * compares the new reading with what came before. {@code inOrder} is false when the reading is older than the
 * metric's newest reading (late, but within the grace period). Implementations read only their arguments: no
 * clock, no randomness, no I/O.
 */
public interface TelemetryDetector {

    RuleSpec rule();

    /** The metric this rule watches, from its {@code metric} parameter. */
    String metric();

    /**
     * Whether the rule has episodes that open and later resolve (threshold, flatline), rather than firing on
     * single readings (rate of change, anomaly). Only episodic rules return {@link Verdict.Kind#RESOLVE}.
     */
    default boolean episodic() {
        return false;
    }

    Optional<Verdict> evaluate(DeviceState device, MetricState metric, Telemetry reading, boolean inOrder);
}

package io.vigil.detectors.telemetry;

import static io.vigil.detectors.telemetry.TelemetryDetectors.human;
import static io.vigil.detectors.telemetry.TelemetryDetectors.value;

import io.vigil.config.RuleSpec;
import io.vigil.detectors.Finding;
import io.vigil.events.Telemetry;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Opens when the metric has stayed within {@code tolerance} of one value for longer than {@code duration} of
 * event time (a stuck sensor), and resolves on the first reading that leaves that tolerance. Reads
 * {@code metric}, {@code duration}, {@code tolerance}.
 *
 * <p>The run is measured from its first reading to the current one, so readings at 0 s and 60 s of one value
 * are a 60 s run: with a 60 s duration it takes a reading after 60 s to open. Out-of-order readings are left
 * out: a run is about the present, and the newest reading already speaks for it.
 */
public final class FlatlineDetector implements TelemetryDetector {

    private final RuleSpec rule;
    private final String metric;
    private final long durationMillis;
    private final double tolerance;

    public FlatlineDetector(RuleSpec rule) {
        this.rule = rule;
        this.metric = rule.stringParam("metric");
        this.durationMillis = rule.durationParam("duration").toMillis();
        this.tolerance = rule.doubleParam("tolerance");
    }

    @Override
    public RuleSpec rule() {
        return rule;
    }

    @Override
    public String metric() {
        return metric;
    }

    @Override
    public boolean episodic() {
        return true;
    }

    double tolerance() {
        return tolerance;
    }

    @Override
    public Optional<Verdict> evaluate(DeviceState device, MetricState state, Telemetry reading, boolean inOrder) {
        if (!inOrder || !state.hasRun()) {
            return Optional.empty();
        }
        double v = reading.getValue();
        long t = reading.getTimestamp().toEpochMilli();
        long stuckMillis = t - state.runStartMillis();
        boolean unchanged = Math.abs(v - state.runValue()) <= tolerance;
        boolean open = device.episode(rule.id()) != null;
        if (unchanged && !open && stuckMillis > durationMillis) {
            return Optional.of(Verdict.trigger(new Finding(reading.getEventId(),
                    List.of(state.runEventId(), reading.getEventId()), state.runStartMillis(), t,
                    Map.of("value", v, "stuckSeconds", stuckMillis / 1000.0, "durationSeconds", durationMillis / 1000.0,
                            "tolerance", tolerance),
                    metric + " on device " + reading.getDeviceId() + " stuck at " + value(state.runValue()) + " for "
                            + human(stuckMillis) + " (limit " + human(durationMillis) + ")")));
        }
        if (!unchanged && open) {
            return Optional.of(Verdict.resolve(new Finding(reading.getEventId(), List.of(reading.getEventId()),
                    state.runStartMillis(), t,
                    Map.of("value", v, "stuckValue", state.runValue(), "stuckSeconds", stuckMillis / 1000.0),
                    metric + " on device " + reading.getDeviceId() + " moved to " + value(v) + " after "
                            + human(stuckMillis) + " at " + value(state.runValue()))));
        }
        return Optional.empty();
    }
}

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
 * Opens when the metric rises above {@code upper} and resolves only when it falls below {@code lower}, so a
 * value hovering at the limit opens one episode instead of flapping. Reads {@code metric}, {@code upper},
 * {@code lower}.
 *
 * <p>Both limits are strict: a reading exactly at {@code upper} does not open, one exactly at {@code lower}
 * does not resolve. A reading that arrives out of order may open (the value really was over the limit) but
 * never resolves, since a newer reading already describes the present.
 */
public final class ThresholdDetector implements TelemetryDetector {

    private final RuleSpec rule;
    private final String metric;
    private final double upper;
    private final double lower;

    public ThresholdDetector(RuleSpec rule) {
        this.rule = rule;
        this.metric = rule.stringParam("metric");
        this.upper = rule.doubleParam("upper");
        this.lower = rule.doubleParam("lower");
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

    @Override
    public Optional<Verdict> evaluate(DeviceState device, MetricState state, Telemetry reading, boolean inOrder) {
        double v = reading.getValue();
        long t = reading.getTimestamp().toEpochMilli();
        Episode open = device.episode(rule.id());
        if (open == null && v > upper) {
            return Optional.of(Verdict.trigger(new Finding(reading.getEventId(), List.of(reading.getEventId()), t, t,
                    Map.of("value", v, "upper", upper, "lower", lower),
                    metric + " on device " + reading.getDeviceId() + " at " + value(v) + ", above " + value(upper)
                            + " (resolves below " + value(lower) + ")")));
        }
        if (open != null && inOrder && v < lower) {
            long start = Math.min(open.openedMillis(), t);
            return Optional.of(Verdict.resolve(new Finding(reading.getEventId(), List.of(reading.getEventId()), start, t,
                    Map.of("value", v, "upper", upper, "lower", lower, "openSeconds", (t - start) / 1000.0),
                    metric + " on device " + reading.getDeviceId() + " back at " + value(v) + ", below "
                            + value(lower) + " after " + human(t - start))));
        }
        return Optional.empty();
    }
}

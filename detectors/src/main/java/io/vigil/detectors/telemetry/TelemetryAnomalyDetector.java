package io.vigil.detectors.telemetry;

import io.vigil.detectors.Ewma;
import io.vigil.config.RuleSpec;
import io.vigil.detectors.Finding;
import io.vigil.events.Telemetry;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.vigil.detectors.telemetry.TelemetryDetectors.value;
import static java.lang.String.format;
import static java.util.Locale.ROOT;

/**
 * Fires when a reading lies more than {@code zThreshold} standard deviations above or below the metric's EWMA
 * baseline on this device, once the baseline holds at least {@code warmup} earlier readings; the standard
 * deviation is floored at {@code minStdDev} so that a very steady sensor does not alert on its last digit.
 * Reads {@code metric}, {@code zThreshold}, {@code warmup}, {@code minStdDev} ({@code alpha} shapes the
 * baseline, see {@link DeviceDetection}).
 */
public final class TelemetryAnomalyDetector implements TelemetryDetector {

    private final RuleSpec rule;
    private final String metric;
    private final double zThreshold;
    private final int warmup;
    private final double minStdDev;

    public TelemetryAnomalyDetector(RuleSpec rule) {
        this.rule = rule;
        this.metric = rule.stringParam("metric");
        this.zThreshold = rule.doubleParam("zThreshold");
        this.warmup = rule.intParam("warmup");
        this.minStdDev = rule.doubleParam("minStdDev");
    }

    @Override
    public RuleSpec rule() {
        return rule;
    }

    @Override
    public String metric() {
        return metric;
    }

    double alpha() {
        return rule.doubleParam("alpha");
    }

    @Override
    public Optional<Verdict> evaluate(DeviceState device, MetricState state, Telemetry reading, boolean inOrder) {
        Ewma baseline = state.baseline();
        if (baseline.count() < warmup) {
            return Optional.empty();
        }
        double v = reading.getValue();
        double z = baseline.zScore(v, minStdDev);
        // Written so that a NaN z-score (from a baseline poisoned before readings were validated) never alerts.
        if (!(Math.abs(z) > zThreshold)) {
            return Optional.empty();
        }
        long t = reading.getTimestamp().toEpochMilli();
        return Optional.of(Verdict.trigger(new Finding(reading.getEventId(), List.of(reading.getEventId()), t, t,
                Map.of("value", v, "mean", baseline.mean(), "stdDev", baseline.stdDev(minStdDev), "zScore", z,
                        "baselineCount", (double) baseline.count()),
                format(ROOT, "%s on device %s at %s, %.1f standard deviations %s its recent mean %s (over %d readings)",
                        metric, reading.getDeviceId(), value(v), Math.abs(z), z > 0 ? "above" : "below",
                        value(baseline.mean()), baseline.count()))));
    }
}

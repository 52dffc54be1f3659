package io.vigil.detectors.telemetry;

import static io.vigil.detectors.telemetry.TelemetryDetectors.value;
import static java.lang.String.format;
import static java.util.Locale.ROOT;

import io.vigil.config.RuleSpec;
import io.vigil.detectors.Ewma;
import io.vigil.detectors.Finding;
import io.vigil.events.Telemetry;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Fires when a reading is far from the metric's own history on this device, once that history holds at least
 * {@code warmup} earlier readings. With {@code model: ewma} (the default), "far" is more than
 * {@code zThreshold} standard deviations from the EWMA baseline, the deviation floored at {@code minStdDev} so
 * that a very steady sensor does not alert on its last digit. With {@code model: novelty}, "far" is where the
 * metric has not recently been: outside the range of values seen, in one of {@code bins} bands of that range
 * whose share of recent readings is below {@code rarity} times an even share, or a step between two readings
 * more than {@code stepFactor} times the largest recent step; the model then stays silent for {@code quiet}
 * readings. Reads {@code metric}, {@code model}, {@code warmup}, {@code zThreshold}, {@code minStdDev},
 * {@code rarity}, {@code stepFactor}, {@code quiet} ({@code alpha}, {@code bins} and {@code decay} shape the
 * state, see {@link DeviceDetection}).
 */
public final class TelemetryAnomalyDetector implements TelemetryDetector {

    public static final String EWMA = "ewma";
    public static final String NOVELTY = "novelty";

    private final RuleSpec rule;
    private final String metric;
    private final boolean novelty;
    private final double zThreshold;
    private final int warmup;
    private final double minStdDev;
    private final double rarity;
    private final double stepFactor;
    private final int quiet;

    public TelemetryAnomalyDetector(RuleSpec rule) {
        this.rule = rule;
        this.metric = rule.stringParam("metric");
        this.novelty = NOVELTY.equals(rule.stringParam("model"));
        this.zThreshold = rule.doubleParam("zThreshold");
        this.warmup = rule.intParam("warmup");
        this.minStdDev = rule.doubleParam("minStdDev");
        this.rarity = rule.doubleParam("rarity");
        this.stepFactor = rule.doubleParam("stepFactor");
        this.quiet = rule.intParam("quiet");
    }

    @Override
    public RuleSpec rule() {
        return rule;
    }

    @Override
    public String metric() {
        return metric;
    }

    /** Whether the rule runs the novelty model rather than the EWMA z-score. */
    boolean novelty() {
        return novelty;
    }

    double alpha() {
        return rule.doubleParam("alpha");
    }

    int bins() {
        return rule.intParam("bins");
    }

    double decay() {
        return rule.doubleParam("decay");
    }

    @Override
    public Optional<Verdict> evaluate(DeviceState device, MetricState state, Telemetry reading, boolean inOrder) {
        return novelty ? evaluateNovelty(state, reading, inOrder) : evaluateEwma(state, reading);
    }

    private Optional<Verdict> evaluateEwma(MetricState state, Telemetry reading) {
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

    private Optional<Verdict> evaluateNovelty(MetricState state, Telemetry reading, boolean inOrder) {
        NoveltyState model = state.novelty();
        // A late reading's step to the newest one means nothing, and the model has already moved past it.
        if (model == null || !inOrder) {
            return Optional.empty();
        }
        double v = reading.getValue();
        NoveltyState.Novelty found = model.judge(v, rarity, stepFactor, warmup, quiet);
        if (found == null) {
            return Optional.empty();
        }
        long t = reading.getTimestamp().toEpochMilli();
        String device = reading.getDeviceId();
        String why = switch (found.kind()) {
            case OUTSIDE_RANGE -> format(ROOT, "%s on device %s at %s, outside every value it has shown (%s to %s "
                    + "over %d readings)", metric, device, value(v), value(found.lo()), value(found.hi()), model.count());
            case RARE_BAND -> {
                double[] band = model.bandEdges(v);
                yield format(ROOT, "%s on device %s at %s, in a band (%s to %s) that held %.2f%% of its recent "
                        + "readings, %.3f of an even share", metric, device, value(v), value(band[0]), value(band[1]),
                        100.0 * found.share() / model.bins(), found.share());
            }
            case STEP -> format(ROOT, "%s on device %s at %s, a step of %s, %.1f times the largest recent step (%s)",
                    metric, device, value(v), value(found.step()), found.step() / found.maxStep(),
                    value(found.maxStep()));
        };
        return Optional.of(Verdict.trigger(new Finding(reading.getEventId(), List.of(reading.getEventId()), t, t,
                Map.of("value", v, "rangeLow", found.lo(), "rangeHigh", found.hi(), "bandShare", found.share(),
                        "step", found.step(), "largestRecentStep", found.maxStep(),
                        "readings", (double) model.count()),
                why)));
    }
}

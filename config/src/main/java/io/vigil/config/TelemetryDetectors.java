package io.vigil.config;

import static io.vigil.config.DetectorCatalog.FLATLINE;
import static io.vigil.config.DetectorCatalog.RATE_OF_CHANGE;
import static io.vigil.config.DetectorCatalog.SILENCE;
import static io.vigil.config.DetectorCatalog.TELEMETRY_ANOMALY;
import static io.vigil.config.DetectorCatalog.THRESHOLD;
import static io.vigil.config.ParameterSpec.fraction;
import static io.vigil.config.ParameterSpec.integer;
import static io.vigil.config.ParameterSpec.nonNegativeDecimal;
import static io.vigil.config.ParameterSpec.positiveDecimal;
import static io.vigil.config.ParameterSpec.positiveDuration;
import static io.vigil.config.ParameterSpec.text;

import io.vigil.config.DetectorSpec.Entity;

import java.util.List;

/** Device detectors; each watches one named metric of the device's readings. */
final class TelemetryDetectors {

    private TelemetryDetectors() {
    }

    private static ParameterSpec metric() {
        return text("metric", "name of the reading the rule watches, e.g. temperature");
    }

    static DetectorSpec threshold() {
        return new DetectorSpec(THRESHOLD, Entity.DEVICE,
                "Alerts when the metric rises above upper and resolves only when it falls below "
                        + "lower, so a value hovering at the limit does not flap.",
                List.of(metric(),
                        ParameterSpec.decimal("upper", "value above which the rule alerts"),
                        ParameterSpec.decimal("lower", "value below which the alert resolves")),
                List.of(new ParameterOrder("lower", "upper", true)));
    }

    static DetectorSpec rateOfChange() {
        return new DetectorSpec(RATE_OF_CHANGE, Entity.DEVICE,
                "Alerts when the metric changes faster than maxPerSecond between two readings.",
                List.of(metric(),
                        positiveDecimal("maxPerSecond", "largest plausible change per second")),
                List.of());
    }

    /** The models the telemetry-anomaly rule can run: the EWMA z-score, or novelty (NAB-tuned). */
    public static final java.util.List<String> ANOMALY_MODELS = java.util.List.of("ewma", "novelty");

    static DetectorSpec telemetryAnomaly() {
        // The novelty defaults are the parameters `vigil eval nab` chose for NAB's standard profile.
        return new DetectorSpec(TELEMETRY_ANOMALY, Entity.DEVICE,
                "Alerts when a reading is far from the device's own recent readings, once the device has a "
                        + "history: with model ewma, more than zThreshold deviations from an EWMA mean; with model "
                        + "novelty, outside the range seen, in a band of values that has held less than rarity of "
                        + "its share of recent readings, or after a step stepFactor times the largest recent one.",
                List.of(metric(),
                        ParameterSpec.choice("model", ANOMALY_MODELS, "ewma (z-score) or novelty (rare values and steps)")
                                .withDefault("ewma"),
                        fraction("alpha", "ewma: weight of the newest reading in the moving mean and variance")
                                .withDefault("0.1"),
                        positiveDecimal("zThreshold", "ewma: standard deviations from the mean that alert")
                                .withDefault("6"),
                        integer("warmup", 1, 1000, "readings a device needs before it can alert"),
                        positiveDecimal("minStdDev", "ewma: floor on the deviation, so a very steady sensor "
                                + "does not alert on noise").withDefault("0.1"),
                        integer("bins", 4, 64, "novelty: bands the seen range is cut into").withDefault("32"),
                        fraction("rarity", "novelty: a band alerts when its share of recent readings is below "
                                + "this fraction of an even share").withDefault("0.0003"),
                        positiveDecimal("stepFactor", "novelty: a step this many times the largest recent step "
                                + "alerts").withDefault("2.5"),
                        fraction("decay", "novelty: per reading, how much of the band counts is kept (memory of "
                                + "about 1 / (1 - decay) readings)").withDefault("0.999"),
                        integer("quiet", 0, 100000, "novelty: readings after an alert during which the model "
                                + "stays silent").withDefault("19")),
                List.of());
    }

    static DetectorSpec flatline() {
        return new DetectorSpec(FLATLINE, Entity.DEVICE,
                "Alerts when the metric stays within tolerance of one value for the whole duration, "
                        + "the sign of a stuck sensor.",
                List.of(metric(),
                        positiveDuration("duration", "how long an unchanging value is tolerated"),
                        nonNegativeDecimal("tolerance", "changes this small still count as unchanged")
                                .withDefault("0")),
                List.of());
    }

    static DetectorSpec silence() {
        return new DetectorSpec(SILENCE, Entity.DEVICE,
                "Alerts when a device sends nothing for the deadline, even while the stream is quiet, "
                        + "and resolves when it speaks again.",
                List.of(
                        positiveDuration("deadline", "longest silence tolerated"),
                        positiveDuration("checkInterval", "how often quiet devices are looked for; an "
                                + "alert can be this late")),
                List.of());
    }
}

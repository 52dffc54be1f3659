package io.vigil.detectors.telemetry;

import static java.lang.String.format;
import static java.util.Locale.ROOT;

import io.vigil.config.HumanFormat;
import io.vigil.config.RuleSpec;

import java.time.Duration;
import java.util.Optional;

/** Maps a rule's {@code detector} name to the telemetry detector that runs it. */
public final class TelemetryDetectors {

    public static final String THRESHOLD = "threshold";
    public static final String RATE_OF_CHANGE = "rate-of-change";
    public static final String TELEMETRY_ANOMALY = "telemetry-anomaly";
    public static final String FLATLINE = "flatline";
    public static final String SILENCE = "silence";

    private TelemetryDetectors() {
    }

    /** The reading detector for {@code rule}, or empty for silence rules and for rules of other entities. */
    public static Optional<TelemetryDetector> create(RuleSpec rule) {
        return Optional.ofNullable(switch (rule.detector()) {
            case THRESHOLD -> new ThresholdDetector(rule);
            case RATE_OF_CHANGE -> new RateOfChangeDetector(rule);
            case TELEMETRY_ANOMALY -> new TelemetryAnomalyDetector(rule);
            case FLATLINE -> new FlatlineDetector(rule);
            default -> null;
        });
    }

    /** The silence detector for {@code rule}, or empty when it is not a silence rule. */
    public static Optional<SilenceDetector> createSilence(RuleSpec rule) {
        return SILENCE.equals(rule.detector()) ? Optional.of(new SilenceDetector(rule)) : Optional.empty();
    }

    /** A duration for explanations, rounded to the second first: a reading's gap of 59.6 s reads as 60 s. */
    static String human(long millis) {
        return HumanFormat.span(Duration.ofSeconds(Math.round(millis / 1000.0)));
    }

    /** A reading for explanations: enough digits for sensor values without noise. */
    static String value(double v) {
        return format(ROOT, "%.2f", v);
    }
}

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

  static DetectorSpec telemetryAnomaly() {
    return new DetectorSpec(TELEMETRY_ANOMALY, Entity.DEVICE,
        "Alerts when a reading is far from the device's own recent readings (EWMA z-score), "
            + "once the device has a history.",
        List.of(metric(),
            fraction("alpha", "weight of the newest reading in the moving mean and variance"),
            positiveDecimal("zThreshold", "standard deviations from the mean that alert"),
            integer("warmup", 1, 1000, "readings a device needs before it can alert"),
            positiveDecimal("minStdDev", "floor on the deviation, so a very steady sensor "
                + "does not alert on noise")),
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

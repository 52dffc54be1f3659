package io.vigil.loadgen.telemetry;

import io.vigil.config.RuleSet;
import io.vigil.config.RuleSpec;

import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

/**
 * The telemetry rule parameters the scenario shapes its readings around, read from a {@link RuleSet} so that
 * faults trip the rules that will actually run and normal readings stay clear of them.
 *
 * <p>For each detector the first enabled rule is used; a detector with no enabled rule falls back to the
 * default rules, since normal traffic must stay clean even if the rule is switched on later.
 */
record RuleLimits(String thresholdMetric, double upper, double lower,
                  String rateMetric, double maxPerSecond, Duration rateCooldown,
                  String anomalyMetric, double alpha, double zThreshold, int warmup, double minStdDev,
                  String flatlineMetric, Duration flatlineDuration, double tolerance,
                  Duration silenceDeadline, Duration silenceCheckInterval, Duration maxCooldown) {

    RuleLimits {
        List<String> metrics = List.of(thresholdMetric, rateMetric, anomalyMetric, flatlineMetric);
        if (metrics.stream().distinct().count() != metrics.size()) {
            // A fault must trip only its own rule; two rules on one metric would see each other's faults.
            throw new IllegalArgumentException("The telemetry scenario needs the threshold, rate-of-change, "
                    + "telemetry-anomaly and flatline rules on four different metrics, got " + metrics);
        }
    }

    static RuleLimits from(RuleSet rules) {
        RuleSet defaults = RuleSet.defaults();
        RuleSpec threshold = rule(rules, defaults, "threshold");
        RuleSpec rate = rule(rules, defaults, "rate-of-change");
        RuleSpec anomaly = rule(rules, defaults, "telemetry-anomaly");
        RuleSpec flatline = rule(rules, defaults, "flatline");
        RuleSpec silence = rule(rules, defaults, "silence");
        Duration maxCooldown = Stream.of(threshold, rate, anomaly, flatline, silence)
                .map(RuleSpec::cooldown).max(Duration::compareTo).orElseThrow();
        return new RuleLimits(
                threshold.stringParam("metric"), threshold.doubleParam("upper"), threshold.doubleParam("lower"),
                rate.stringParam("metric"), rate.doubleParam("maxPerSecond"), rate.cooldown(),
                anomaly.stringParam("metric"), anomaly.doubleParam("alpha"), anomaly.doubleParam("zThreshold"),
                anomaly.intParam("warmup"), anomaly.doubleParam("minStdDev"),
                flatline.stringParam("metric"), flatline.durationParam("duration"), flatline.doubleParam("tolerance"),
                silence.durationParam("deadline"), silence.durationParam("checkInterval"), maxCooldown);
    }

    /** The metric name of each sensor, in {@link Sensor} order. */
    String metricOf(Sensor sensor) {
        return switch (sensor) {
            case TEMPERATURE -> thresholdMetric;
            case PRESSURE -> rateMetric;
            case VIBRATION -> anomalyMetric;
            case HUMIDITY -> flatlineMetric;
        };
    }

    private static RuleSpec rule(RuleSet rules, RuleSet defaults, String detector) {
        return rules.forDetector(detector).stream().filter(RuleSpec::enabled).findFirst()
                .or(() -> defaults.forDetector(detector).stream().findFirst())
                .orElseThrow(() -> new IllegalArgumentException("No " + detector + " rule in the rules or the defaults"));
    }
}

package io.vigil.loadgen;

import io.vigil.config.RuleSet;
import io.vigil.config.RuleSpec;

import java.time.Duration;

/**
 * The rule thresholds the scenario shapes its traffic around, read from a {@link RuleSet} so that injections
 * trip the rules that will actually run (a velocity burst is {@code maxCount + 3} transactions) and normal
 * traffic stays clear of them.
 *
 * <p>For each detector the first enabled rule is used; a detector with no enabled rule falls back to the
 * default rules, since normal traffic must stay clean even if the rule is switched on later.
 */
public record InjectionParameters(int velocityMaxCount, Duration velocityWindow,
                                  int amountWarmup, double amountZThreshold, double amountMinStdDev,
                                  double maxSpeedKmh, double minDistanceKm,
                                  long smallAmountMinor, int cardTestingMinCount, int cardTestingMinMerchants,
                                  Duration cardTestingWindow,
                                  Duration duplicateWindow) {

    /** The contract's least event time between two normal purchases of one card. */
    static final Duration BASE_MIN_GAP = Duration.ofSeconds(15);

    public static InjectionParameters from(RuleSet rules) {
        RuleSet defaults = RuleSet.defaults();
        RuleSpec velocity = rule(rules, defaults, "velocity");
        RuleSpec amount = rule(rules, defaults, "amount-anomaly");
        RuleSpec travel = rule(rules, defaults, "impossible-travel");
        RuleSpec testing = rule(rules, defaults, "card-testing");
        RuleSpec duplicate = rule(rules, defaults, "duplicate-transaction");
        return new InjectionParameters(velocity.intParam("maxCount"), velocity.durationParam("window"),
                amount.intParam("warmup"), amount.doubleParam("zThreshold"), amount.doubleParam("minStdDev"),
                travel.doubleParam("maxSpeedKmh"), travel.doubleParam("minDistanceKm"),
                testing.longParam("smallAmountMinor"), testing.intParam("minCount"), testing.intParam("minMerchants"),
                testing.durationParam("window"),
                duplicate.durationParam("window"));
    }

    /**
     * The least gap between two normal purchases of one card: 15 s, or more if the velocity rule is stricter.
     * With gap g, a window W holds at most ceil(W / g) purchases, which stays within maxCount when g >= W / maxCount.
     */
    public Duration normalMinGap() {
        long needed = (velocityWindow.toMillis() + velocityMaxCount - 1) / velocityMaxCount;
        return Duration.ofMillis(Math.max(BASE_MIN_GAP.toMillis(), needed));
    }

    private static RuleSpec rule(RuleSet rules, RuleSet defaults, String detector) {
        return rules.forDetector(detector).stream().filter(RuleSpec::enabled).findFirst()
                .or(() -> defaults.forDetector(detector).stream().findFirst())
                .orElseThrow(() -> new IllegalArgumentException("No rule for detector " + detector + " in the default rules"));
    }
}

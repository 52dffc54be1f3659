package io.vigil.topology;

import io.vigil.config.RuleSet;
import io.vigil.config.RuleSpec;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The version of each rule in force, as a gauge per rule ({@value #RULE_VERSION}, tags {@code rule} and
 * {@code detector}), so a dashboard shows which rule versions each instance runs: after a rules change every
 * instance should report the new version, and one that does not is running stale rules.
 *
 * <p>Disabled rules have no version in force and get no gauge.
 */
public final class RuleMetrics {

    public static final String RULE_VERSION = "vigil.rule.version";

    private RuleMetrics() {
    }

    public static void register(MeterRegistry registry, RuleSet rules) {
        for (RuleSpec rule : rules.rules()) {
            if (rule.enabled()) {
                int version = rule.version();
                Gauge.builder(RULE_VERSION, () -> version)
                        .description("Version of each enabled rule this instance runs")
                        .tags("rule", rule.id(), "detector", rule.detector())
                        .strongReference(true)
                        .register(registry);
            }
        }
    }
}

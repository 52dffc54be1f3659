package io.vigil.topology;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Meters of the rules broadcast: {@value #REJECTED} counts rule records ignored as malformed or not increasing
 * (the previous version stays in force), {@value #VERSION} shows the version in force of each rule (-1 once a rule
 * is no longer in force) and {@value #GENERATION} how many times the rules in force changed.
 *
 * <p>Several instances in one process may share a registry; a gauge then reports the first instance's rules,
 * which all instances read from the same topic.
 */
public final class RulesMetrics {

    public static final String REJECTED = "vigil.rules.rejected";
    public static final String VERSION = "vigil.rules.version";
    public static final String GENERATION = "vigil.rules.generation";

    private final MeterRegistry registry;
    private final LiveRules rules;
    private final Counter rejected;
    private final Set<String> gauged = ConcurrentHashMap.newKeySet();

    public RulesMetrics(MeterRegistry registry, LiveRules rules) {
        this.registry = registry;
        this.rules = rules;
        this.rejected = Counter.builder(REJECTED)
                .description("Rule records ignored because they are malformed or do not raise the version in force")
                .register(registry);
        // Instances in one process may share the registry: the first one's gauge stays, as documented above.
        if (registry.find(GENERATION).gauge() == null) {
            Gauge.builder(GENERATION, rules, r -> r.current().generation())
                    .description("Changes of the rules in force since start")
                    .register(registry);
        }
        track();
    }

    void rejected() {
        rejected.increment();
    }

    /** Adds a version gauge for every rule id in force that has none yet. */
    void track() {
        for (String ruleId : rules.current().versions().keySet()) {
            if (gauged.add(ruleId) && registry.find(VERSION).tag("rule", ruleId).gauge() == null) {
                Gauge.builder(VERSION, rules, r -> r.current().version(ruleId))
                        .description("Version in force of the rule; -1 when it is not in force")
                        .tag("rule", ruleId)
                        .register(registry);
            }
        }
    }
}

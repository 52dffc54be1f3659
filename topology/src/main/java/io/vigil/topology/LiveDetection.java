package io.vigil.topology;

import io.vigil.config.RuleSet;

import java.util.function.Function;

/**
 * A detection processor's view of the rules in force: the detection built from the current {@link LiveRules}
 * snapshot, rebuilt when the snapshot changes.
 *
 * <p>One per processor instance (so per task): not thread-safe, and it needs not be, because a task runs on one
 * stream thread. The per-event check is an identity comparison of two snapshot references; the rebuild, a few
 * microseconds of object creation, happens once per task per rule change. Entity state is untouched by a rebuild:
 * cooldowns and histories are keyed by rule id, so a changed threshold applies to the next event of every entity.
 */
final class LiveDetection<D> {

    private final LiveRules rules;
    private final Function<RuleSet, D> build;
    private final D fixed;
    private LiveRules.Snapshot seen;
    private D current;

    private LiveDetection(LiveRules rules, Function<RuleSet, D> build, D fixed) {
        this.rules = rules;
        this.build = build;
        this.fixed = fixed;
    }

    /** Detection that follows {@code rules}. */
    static <D> LiveDetection<D> following(LiveRules rules, Function<RuleSet, D> build) {
        return new LiveDetection<>(rules, build, null);
    }

    /** Detection fixed when the topology was built: no rules topic. */
    static <D> LiveDetection<D> fixed(D detection) {
        return new LiveDetection<>(null, null, detection);
    }

    /** The detection for the rules in force now. */
    D current() {
        if (rules == null) {
            return fixed;
        }
        LiveRules.Snapshot now = rules.current();
        if (now != seen) {
            current = build.apply(now.rules());
            seen = now;
        }
        return current;
    }

    /** The generation {@link #current()} was built from; 0 for fixed detection. */
    long generation() {
        return seen == null ? 0 : seen.generation();
    }
}

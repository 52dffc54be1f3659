package io.vigil.runtime.rules;

import io.vigil.config.RuleSet;
import io.vigil.config.RuleSpec;
import io.vigil.events.Rule;
import io.vigil.topology.RuleVerdict;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The rules live on the rules topic, folded from its records in offset order with the same {@link RuleVerdict}
 * the topology's global store uses, so that {@code vigil rules list} shows what the stream instances run and
 * {@code vigil rules apply} checks versions against it.
 */
public final class RuleBook {

    /** A record the fold ignored, and why; the rule in force under its key stayed. */
    public record Ignored(String key, int partition, long offset, String reason) {
    }

    private final Map<String, RuleSpec> inForce = new TreeMap<>();
    private final List<Ignored> ignored = new ArrayList<>();
    private long records;

    /** Folds one record in; {@code value} is null for a tombstone. */
    public void apply(String key, Rule value, int partition, long offset) {
        records++;
        RuleVerdict verdict = RuleVerdict.of(key, value, Optional.ofNullable(key == null ? null : inForce.get(key)));
        if (verdict instanceof RuleVerdict.Accepted accepted) {
            inForce.put(accepted.spec().id(), accepted.spec());
        } else if (verdict instanceof RuleVerdict.Removed removed) {
            inForce.remove(removed.ruleId());
        } else if (verdict instanceof RuleVerdict.Rejected rejected) {
            ignored.add(new Ignored(key, partition, offset, rejected.reason()));
        }
    }

    /** A record that could not even be deserialized. */
    public void unreadable(String key, int partition, long offset, String reason) {
        records++;
        ignored.add(new Ignored(key, partition, offset, reason));
    }

    /** The rules in force, by rule id. */
    public Map<String, RuleSpec> inForce() {
        return Collections.unmodifiableMap(inForce);
    }

    public RuleSet asRuleSet() {
        return new RuleSet(List.copyOf(inForce.values()));
    }

    public List<Ignored> ignored() {
        return List.copyOf(ignored);
    }

    /** Records read from the topic, of every kind. */
    public long records() {
        return records;
    }

    /** True while the topic holds no valid rule: then the configured rules are in force. */
    public boolean isEmpty() {
        return inForce.isEmpty();
    }
}

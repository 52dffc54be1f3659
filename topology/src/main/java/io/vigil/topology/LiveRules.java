package io.vigil.topology;

import io.vigil.config.RuleSet;
import io.vigil.config.RuleSpec;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The rules in force for one Kafka Streams instance, handed from the global thread (which reads the rules topic)
 * to the stream threads (which run the detectors).
 *
 * <p>The hand-off is one immutable {@link Snapshot} published through a volatile field: the global thread builds
 * a complete snapshot and swaps it in, and a detection processor compares the snapshot it built its detectors
 * from with the current one on every event, an identity check that costs one volatile read. A stream thread
 * therefore sees either the old rules or the new ones, never half of a change, and switches at the first event
 * it processes after the global thread published; each alert carries the version of the rule that fired it.
 *
 * <p>Until the rules topic holds a valid rule, the configured rules ({@code config.rules()}) are in force; once it
 * does, the topic alone decides (a rule missing from the topic is not in force).
 */
public final class LiveRules {

    /**
     * The rules in force at one moment.
     *
     * @param generation rises by one with every change; 0 for the configured defaults at start
     * @param rules      the rules in force, by rule id
     * @param fromTopic  false while the configured defaults are in force (the topic holds no valid rule)
     */
    public record Snapshot(long generation, RuleSet rules, boolean fromTopic) {

        /** The version in force of every rule, enabled or not: the version vector. */
        public Map<String, Integer> versions() {
            Map<String, Integer> versions = new LinkedHashMap<>();
            rules.rules().forEach(r -> versions.put(r.id(), r.version()));
            return versions;
        }

        /** The version in force of {@code ruleId}, or -1 when no such rule is in force. */
        public int version(String ruleId) {
            return rules.find(ruleId).map(RuleSpec::version).orElse(-1);
        }
    }

    private final RuleSet defaults;
    private volatile Snapshot current;

    public LiveRules(RuleSet defaults) {
        this.defaults = Objects.requireNonNull(defaults, "defaults");
        this.current = new Snapshot(0, defaults, false);
    }

    public Snapshot current() {
        return current;
    }

    public RuleSet defaults() {
        return defaults;
    }

    /**
     * Puts {@code fromTopic} in force, or the defaults when it is empty. Publishing what is already in force changes
     * nothing, so that replaying the rules topic at restart does not make every processor rebuild its detectors.
     *
     * @return true if the rules in force changed
     */
    synchronized boolean publish(RuleSet fromTopic) {
        boolean topicHasRules = !fromTopic.rules().isEmpty();
        RuleSet rules = topicHasRules ? fromTopic : defaults;
        Snapshot before = current;
        if (before.fromTopic() == topicHasRules && before.rules().equals(rules)) {
            return false;
        }
        current = new Snapshot(before.generation() + 1, rules, topicHasRules);
        return true;
    }
}

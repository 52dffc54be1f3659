package io.vigil.runtime.rules;

import io.vigil.config.ConfigProblem;
import io.vigil.config.Durations;
import io.vigil.config.RuleSet;
import io.vigil.config.RuleSpec;
import io.vigil.topology.RuleVerdict;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What {@code vigil rules apply FILE} would change: each rule of the file against the rule live on the topic, and
 * each live rule the file no longer has. A rule whose content changed must carry a higher version than the live
 * one; otherwise the plan has a problem and nothing is published.
 *
 * <p>A live rule missing from the file is published again disabled, one version up, rather than deleted: a
 * tombstone would be compacted away and with it the rule's version history, so that a later file could bring back
 * an old version 1 as if it were new.
 */
public final class RulePlan {

    /** How one rule changes. */
    public enum Change { ADDED, CHANGED, UNCHANGED, REMOVED, ALREADY_DISABLED }

    /**
     * One line of the plan.
     *
     * @param live    the rule live on the topic, or null
     * @param publish what will be published for it, or null
     * @param details what differs, e.g. {@code maxCount 5 -> 3}
     */
    public record Step(String ruleId, Change change, RuleSpec live, RuleSpec publish, List<String> details) {
        public Step {
            details = List.copyOf(details);
        }
    }

    private final List<Step> steps;
    private final List<ConfigProblem> problems;

    private RulePlan(List<Step> steps, List<ConfigProblem> problems) {
        this.steps = List.copyOf(steps);
        this.problems = List.copyOf(problems);
    }

    public static RulePlan of(RuleSet file, Map<String, RuleSpec> live, String topic) {
        List<Step> steps = new ArrayList<>();
        List<ConfigProblem> problems = new ArrayList<>();
        for (RuleSpec rule : file.rules()) {
            RuleSpec current = live.get(rule.id());
            if (current == null) {
                steps.add(new Step(rule.id(), Change.ADDED, null, rule, List.of()));
            } else if (current.equals(rule)) {
                steps.add(new Step(rule.id(), Change.UNCHANGED, current, null, List.of()));
            } else if (rule.version() <= current.version()) {
                String message = RuleVerdict.notIncreasing(rule.id(), rule.version(), current.version())
                        .replace("the version in force", "the version live on " + topic);
                problems.add(new ConfigProblem("rules." + rule.id() + ".version", String.valueOf(rule.version()),
                        "expected a version above " + current.version(), message));
            } else {
                steps.add(new Step(rule.id(), Change.CHANGED, current, rule, differences(current, rule)));
            }
        }
        for (RuleSpec current : live.values()) {
            if (file.find(current.id()).isPresent()) {
                continue;
            }
            if (!current.enabled()) {
                steps.add(new Step(current.id(), Change.ALREADY_DISABLED, current, null, List.of()));
            } else {
                RuleSpec disabled = new RuleSpec(current.id(), current.version() + 1, current.detector(), false,
                        current.severity(), current.cooldown(), current.parameters());
                steps.add(new Step(current.id(), Change.REMOVED, current, disabled, List.of("enabled true -> false")));
            }
        }
        return new RulePlan(steps, problems);
    }

    static List<String> differences(RuleSpec before, RuleSpec after) {
        List<String> details = new ArrayList<>();
        compare(details, "detector", before.detector(), after.detector());
        compare(details, "enabled", before.enabled(), after.enabled());
        compare(details, "severity", before.severity(), after.severity());
        compare(details, "cooldown", Durations.format(before.cooldown()), Durations.format(after.cooldown()));
        Map<String, String> b = new TreeMap<>(before.parameters());
        Map<String, String> a = new TreeMap<>(after.parameters());
        TreeSet<String> names = new TreeSet<>(b.keySet());
        names.addAll(a.keySet());
        for (String name : names) {
            compare(details, name, b.getOrDefault(name, "(none)"), a.getOrDefault(name, "(none)"));
        }
        if (details.isEmpty()) {
            details.add("version only");
        }
        return details;
    }

    private static void compare(List<String> details, String field, Object before, Object after) {
        if (!Objects.equals(before, after)) {
            details.add(field + " " + before + " -> " + after);
        }
    }

    public List<Step> steps() {
        return steps;
    }

    /** Problems that forbid publishing, one per rule and field. */
    public List<ConfigProblem> problems() {
        return problems;
    }

    /** The records to publish, in plan order. */
    public List<RuleSpec> toPublish() {
        return steps.stream().map(Step::publish).filter(Objects::nonNull).toList();
    }
}

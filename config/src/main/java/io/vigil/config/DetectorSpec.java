package io.vigil.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * What one detector is and which parameters its rules must carry. Rules name a detector
 * and supply its parameters as data, so this description is what lets Vigil reject a rule
 * at load time rather than when the detector first runs.
 *
 * @param name the name rules use in their {@code detector} field
 * @param entity whose events the detector watches
 * @param description the rule in one plain sentence
 * @param parameters every parameter the detector reads
 * @param orders required orders between numeric parameters
 */
public record DetectorSpec(String name, Entity entity, String description,
        List<ParameterSpec> parameters, List<ParameterOrder> orders) {

    /** The kind of entity a detector keeps state for; decides which stream runs it. */
    public enum Entity { CARD, DEVICE }

    public DetectorSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(entity, "entity");
        Objects.requireNonNull(description, "description");
        parameters = List.copyOf(parameters);
        orders = List.copyOf(orders);
    }

    public Optional<ParameterSpec> parameter(String parameterName) {
        return parameters.stream().filter(p -> p.name().equals(parameterName)).findFirst();
    }

    /** {@code given} with the default of every optional parameter it leaves out. */
    Map<String, String> withDefaults(Map<String, String> given) {
        Map<String, String> complete = new HashMap<>(given);
        parameters.forEach(p -> p.defaultValue().ifPresent(d -> complete.putIfAbsent(p.name(), d)));
        return complete;
    }

    /** Every problem with {@code given} as this detector's parameters. */
    List<ConfigProblem> problems(RuleRef rule, Map<String, String> given) {
        List<ConfigProblem> problems = new ArrayList<>();
        for (ParameterSpec spec : parameters) {
            String raw = given.get(spec.name());
            if (raw == null) {
                if (spec.required()) {
                    problems.add(rule.missingParameter(spec.name(), spec.allowed()));
                }
                continue;
            }
            ParameterSpec.Verdict verdict = spec.check(raw);
            if (verdict != ParameterSpec.Verdict.VALID) {
                problems.add(rule.parameter(spec.name(), raw, verdict.phrase, spec.allowed()));
            }
        }
        String known = parameters.stream().map(ParameterSpec::name).collect(Collectors.joining(", "));
        for (String unknown : new TreeSet<>(given.keySet())) {
            if (parameter(unknown).isEmpty()) {
                problems.add(rule.parameter(unknown, given.get(unknown), "is unknown",
                        known.isEmpty() ? "detector " + name + " takes no parameters" : "expected one of " + known));
            }
        }
        if (problems.isEmpty()) {
            orders.forEach(order -> checkOrder(rule, order, given).ifPresent(problems::add));
        }
        return problems;
    }

    private static Optional<ConfigProblem> checkOrder(RuleRef rule, ParameterOrder order,
            Map<String, String> given) {
        String smaller = given.get(order.smaller());
        String larger = given.get(order.larger());
        if (smaller == null || larger == null) {
            return Optional.empty();
        }
        Optional<Double> smallerValue = Numbers.parseDecimal(smaller);
        Optional<Double> largerValue = Numbers.parseDecimal(larger);
        if (smallerValue.isEmpty() || largerValue.isEmpty()
                || order.holds(smallerValue.get(), largerValue.get())) {
            return Optional.empty();
        }
        return Optional.of(rule.parameter(order.smaller(), smaller, "is out of range",
                order.allowed(larger)));
    }
}

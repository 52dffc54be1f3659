package io.vigil.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * One detection rule: which detector runs, with which parameters, how severe its alerts are
 * and how long it stays quiet after alerting on an entity.
 *
 * <p>Rules are data so that thresholds change without a redeploy, and alerts name the rule
 * {@code id} and {@code version} that fired them. A RuleSpec is valid by construction: the
 * constructor checks every field and every parameter against the {@link DetectorCatalog},
 * fills in defaults of optional parameters, and throws a {@link ConfigException} listing all
 * problems. Detectors can therefore read parameters with the typed getters without checks of
 * their own; a getter only fails when asked for a parameter the detector does not have.
 *
 * @param id unique rule id, e.g. {@code velocity}
 * @param version at least 1; raise it whenever the rule changes
 * @param detector a name from {@link DetectorCatalog}
 * @param enabled whether the rule runs
 * @param severity one of {@link #SEVERITIES}, stored upper-case
 * @param cooldown per entity and rule: after an alert, further triggers within this time belong
 *     to the same episode and raise no new alert
 * @param parameters detector-specific values, as text
 */
public record RuleSpec(String id, int version, String detector, boolean enabled, String severity,
        Duration cooldown, Map<String, String> parameters) {

    public static final List<String> SEVERITIES = List.of("LOW", "MEDIUM", "HIGH", "CRITICAL");

    public RuleSpec {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(detector, "detector");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(cooldown, "cooldown");
        Objects.requireNonNull(parameters, "parameters");
        List<ConfigProblem> problems = RuleChecker.check(RuleRef.of(id), id, version, detector,
                severity, cooldown, parameters);
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        severity = RuleChecker.canonicalSeverity(severity).orElseThrow();
        parameters = Map.copyOf(DetectorCatalog.find(detector).orElseThrow().withDefaults(parameters));
    }

    public String stringParam(String name) {
        return raw(name);
    }

    public int intParam(String name) {
        return typed(name, "expected an integer", raw -> Numbers.parseLong(raw)
                .filter(v -> v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE)
                .map(Long::intValue));
    }

    public long longParam(String name) {
        return typed(name, "expected an integer", Numbers::parseLong);
    }

    public double doubleParam(String name) {
        return typed(name, "expected a number", Numbers::parseDecimal);
    }

    public Duration durationParam(String name) {
        return typed(name, "expected a duration such as 30s or PT30S", Durations::tryParse);
    }

    private <T> T typed(String name, String allowed, Function<String, Optional<T>> parser) {
        String raw = raw(name);
        return parser.apply(raw).orElseThrow(() ->
                new ConfigException(RuleRef.of(id).parameter(name, raw, "is invalid", allowed)));
    }

    private String raw(String name) {
        String raw = parameters.get(name);
        if (raw == null) {
            String allowed = "expected one of " + String.join(", ", parameters.keySet().stream().sorted().toList());
            throw new ConfigException(RuleRef.of(id).missingParameter(name, allowed));
        }
        return raw;
    }
}

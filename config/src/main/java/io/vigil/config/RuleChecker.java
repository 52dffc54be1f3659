package io.vigil.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The checks every rule must pass, shared by {@link RuleSpec}'s constructor and the rules-file
 * parser so that a rule built in code and a rule read from YAML meet the same rule with the
 * same words. A null argument means the field could not be read and was reported already.
 */
final class RuleChecker {

    static final String ID_ALLOWED = "expected a rule id of " + Checks.NAME_CHARACTERS;
    static final String VERSION_ALLOWED = "expected an integer >= 1";
    static final String SEVERITY_ALLOWED = "expected one of " + String.join(", ", RuleSpec.SEVERITIES);
    static final String COOLDOWN_ALLOWED = "expected a duration >= 0 such as 0s, 10m or PT10M";

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]+");

    private RuleChecker() {
    }

    static String detectorAllowed() {
        return "expected one of " + String.join(", ", DetectorCatalog.names());
    }

    static List<ConfigProblem> check(RuleRef rule, String id, Integer version, String detector,
            String severity, Duration cooldown, Map<String, String> parameters) {
        List<ConfigProblem> problems = new ArrayList<>();
        if (id != null && !ID.matcher(id).matches()) {
            problems.add(rule.field("id", id, "is invalid", ID_ALLOWED));
        }
        if (version != null && version < 1) {
            problems.add(rule.field("version", String.valueOf(version), "is out of range", VERSION_ALLOWED));
        }
        if (severity != null && canonicalSeverity(severity).isEmpty()) {
            problems.add(rule.field("severity", severity, "is invalid", SEVERITY_ALLOWED));
        }
        if (cooldown != null && cooldown.isNegative()) {
            problems.add(rule.field("cooldown", Durations.format(cooldown), "is out of range",
                    COOLDOWN_ALLOWED));
        }
        if (detector != null) {
            Optional<DetectorSpec> spec = DetectorCatalog.find(detector);
            if (spec.isEmpty()) {
                problems.add(rule.field("detector", detector, "is unknown", detectorAllowed()));
            } else if (parameters != null) {
                problems.addAll(spec.get().problems(rule, spec.get().withDefaults(parameters)));
            }
        }
        return problems;
    }

    /** Severities are matched ignoring case and stored upper-case, as the Avro enum spells them. */
    static Optional<String> canonicalSeverity(String severity) {
        String upper = severity.strip().toUpperCase(Locale.ROOT);
        return RuleSpec.SEVERITIES.contains(upper) ? Optional.of(upper) : Optional.empty();
    }

    /** One problem for every repeat of an id already used by an earlier rule. */
    static List<ConfigProblem> duplicates(List<String> ids) {
        List<ConfigProblem> problems = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (String id : ids) {
            if (!seen.add(id)) {
                problems.add(RuleRef.of(id).field("id", id, "is duplicated",
                        "expected each rule id only once"));
            }
        }
        return problems;
    }
}

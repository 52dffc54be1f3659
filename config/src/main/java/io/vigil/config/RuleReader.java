package io.vigil.config;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads one entry of a rules file's {@code rules} list, noting every problem rather than
 * stopping at the first, and builds the {@link RuleSpec} only when there is none.
 */
final class RuleReader {

    private static final List<String> FIELDS =
            List.of("id", "version", "detector", "enabled", "severity", "cooldown", "parameters");
    private static final Set<String> BOOLEANS = Set.of("true", "false");

    private final JsonNode node;
    private final int position;
    private final List<ConfigProblem> problems = new ArrayList<>();
    /** Keys of parameters already reported as not a single value, so they are not also "missing". */
    private final Set<String> reportedKeys = new HashSet<>();
    private RuleRef ref;
    private String id;
    private RuleSpec spec;

    RuleReader(JsonNode node, int position) {
        this.node = node;
        this.position = position;
        this.ref = RuleRef.at(position);
    }

    void read() {
        if (!node.isObject()) {
            problems.add(ref.whole(node.toString(),
                    "expected a mapping with the fields " + String.join(", ", FIELDS)));
            return;
        }
        id = requiredText("id", RuleChecker.ID_ALLOWED);
        if (id != null) {
            ref = RuleRef.of(id);
        }
        unknownFields();
        Integer version = version();
        String detector = requiredText("detector", RuleChecker.detectorAllowed());
        boolean enabled = enabled();
        String severity = requiredText("severity", RuleChecker.SEVERITY_ALLOWED);
        Duration cooldown = cooldown();
        Map<String, String> parameters = parameters();
        RuleChecker.check(ref, id, version, detector, severity, cooldown, parameters).stream()
                .filter(p -> !reportedKeys.contains(p.key()))
                .forEach(problems::add);
        if (problems.isEmpty()) {
            spec = new RuleSpec(id, version, detector, enabled, severity, cooldown, parameters);
        }
    }

    Optional<String> id() {
        return Optional.ofNullable(id);
    }

    Optional<RuleSpec> spec() {
        return Optional.ofNullable(spec);
    }

    List<ConfigProblem> problems() {
        return problems;
    }

    private void unknownFields() {
        node.fieldNames().forEachRemaining(name -> {
            if (!FIELDS.contains(name)) {
                JsonNode value = node.get(name);
                problems.add(ref.field(name, value.isValueNode() ? value.asText() : value.toString(),
                        "is unknown", "expected one of " + String.join(", ", FIELDS)));
            }
        });
    }

    private Integer version() {
        String raw = requiredText("version", RuleChecker.VERSION_ALLOWED);
        if (raw == null) {
            return null;
        }
        Optional<Long> value = Numbers.parseLong(raw)
                .filter(v -> v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE);
        if (value.isEmpty()) {
            problems.add(ref.field("version", raw, "is invalid", RuleChecker.VERSION_ALLOWED));
            return null;
        }
        return value.get().intValue();
    }

    /** Optional, true when absent: a rule written down is normally meant to run. */
    private boolean enabled() {
        JsonNode value = node.get("enabled");
        if (value == null || value.isNull()) {
            return true;
        }
        String text = value.isValueNode() ? value.asText().strip().toLowerCase(Locale.ROOT) : "";
        if (!BOOLEANS.contains(text)) {
            problems.add(ref.field("enabled", value.isValueNode() ? value.asText() : value.toString(),
                    "is invalid", "expected true or false"));
            return true;
        }
        return Boolean.parseBoolean(text);
    }

    private Duration cooldown() {
        String raw = requiredText("cooldown", RuleChecker.COOLDOWN_ALLOWED);
        if (raw == null) {
            return null;
        }
        Optional<Duration> value = Durations.tryParse(raw);
        if (value.isEmpty()) {
            problems.add(ref.field("cooldown", raw, "is invalid", RuleChecker.COOLDOWN_ALLOWED));
            return null;
        }
        return value.get();
    }

    private Map<String, String> parameters() {
        JsonNode value = node.get("parameters");
        Map<String, String> parameters = new HashMap<>();
        if (value == null || value.isNull()) {
            return parameters;
        }
        if (!value.isObject()) {
            problems.add(ref.field("parameters", value.toString(), "is invalid",
                    "expected a mapping of parameter names to values"));
            return null;
        }
        value.properties().forEach(entry -> {
            JsonNode parameter = entry.getValue();
            if (parameter.isContainerNode()) {
                ConfigProblem notSingle = ref.parameter(entry.getKey(), parameter.toString(),
                        "is invalid", "expected a single value");
                problems.add(notSingle);
                reportedKeys.add(notSingle.key());
            } else if (!parameter.isNull()) {
                parameters.put(entry.getKey(), parameter.asText().strip());
            }
        });
        return parameters;
    }

    /** A scalar field's text, or null after noting that it is missing or not a single value. */
    private String requiredText(String field, String allowed) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull() || (value.isValueNode() && value.asText().isBlank())) {
            problems.add(ref.missingField(field, allowed));
            return null;
        }
        if (!value.isValueNode()) {
            problems.add(ref.field(field, value.toString(), "is invalid", allowed));
            return null;
        }
        return value.asText().strip();
    }
}

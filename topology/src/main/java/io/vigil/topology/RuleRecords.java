package io.vigil.topology;

import io.vigil.config.RuleSpec;
import io.vigil.events.Rule;
import io.vigil.events.Severity;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The one place where a {@link RuleSpec} (what a rules file and the detectors speak) becomes a {@link Rule} record
 * (what the rules topic carries) and back. Both directions go through {@link RuleSpec}'s constructor, so a record
 * that reaches the topic without passing {@code vigil rules apply} is held to exactly the same checks as a file.
 */
public final class RuleRecords {

    private RuleRecords() {
    }

    /** The record to publish for {@code spec}, keyed by {@link RuleSpec#id()} on the rules topic. */
    public static Rule toRecord(RuleSpec spec) {
        return Rule.newBuilder()
                .setRuleId(spec.id())
                .setVersion(spec.version())
                .setDetector(spec.detector())
                .setEnabled(spec.enabled())
                .setSeverity(Severity.valueOf(spec.severity()))
                .setCooldownMillis(spec.cooldown().toMillis())
                .setParameters(new HashMap<>(spec.parameters()))
                .build();
    }

    /**
     * The rule {@code record} describes.
     *
     * @throws io.vigil.config.ConfigException naming the rule and every bad field, as for a rules file
     */
    public static RuleSpec toSpec(Rule record) {
        Map<String, String> parameters = new HashMap<>();
        record.getParameters().forEach((name, value) -> parameters.put(name.toString(), value == null ? null : value.toString()));
        return new RuleSpec(record.getRuleId(), record.getVersion(), record.getDetector(), record.getEnabled(),
                record.getSeverity().name(), Duration.ofMillis(record.getCooldownMillis()), parameters);
    }
}

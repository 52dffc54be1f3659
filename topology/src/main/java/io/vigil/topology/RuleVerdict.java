package io.vigil.topology;

import io.vigil.config.ConfigException;
import io.vigil.config.RuleSpec;
import io.vigil.events.Rule;

import java.util.Optional;

/**
 * What one record on the rules topic does to the rule in force under its key: the single decision shared by the
 * topology's global rules store, {@code vigil rules list} and {@code vigil rules apply}, so that all three agree on
 * what is live.
 *
 * <p>A record is accepted when it describes a valid rule whose version is above the one in force; a record
 * identical to the rule in force changes nothing; a tombstone removes the rule. Anything else (unreadable fields,
 * a key that is not the rule id, a version that does not increase) is rejected and the rule in force stays, so a
 * bad record that reaches the topic cannot take a rule away or roll it back.
 */
public sealed interface RuleVerdict {

    /** The rule becomes {@code spec}. */
    record Accepted(RuleSpec spec) implements RuleVerdict {
    }

    /** The record repeats the rule in force. */
    record Unchanged(RuleSpec spec) implements RuleVerdict {
    }

    /** A tombstone: the rule under this key is no longer in force. */
    record Removed(String ruleId) implements RuleVerdict {
    }

    /** The record is ignored, for {@code reason} (one line naming the rule and the field). */
    record Rejected(String reason) implements RuleVerdict {
    }

    /**
     * The marker that completes a rule change ({@link RuleChange}): not a rule, it lists the version of every rule
     * of the set after the change. A reader without staging (e.g. {@code vigil rules list}) ignores it.
     */
    record Marker(java.util.Map<String, Integer> members) implements RuleVerdict {
    }

    /** What {@code record}, read under {@code key}, does to the rule in force there ({@code inForce}). */
    public static RuleVerdict of(String key, Rule record, Optional<RuleSpec> inForce) {
        if (key == null) {
            return new Rejected("Rule record without a key: expected the rule id as key");
        }
        if (RuleChange.MARKER_KEY.equals(key)) {
            return record == null ? new Marker(java.util.Map.of()) : new Marker(RuleChange.members(record));
        }
        if (record == null) {
            return new Removed(key);
        }
        if (!key.equals(record.getRuleId())) {
            return new Rejected("Rule '" + record.getRuleId() + "': field 'ruleId' = '" + record.getRuleId()
                    + "' does not match the record key '" + key + "': expected the rule id as key");
        }
        RuleSpec spec;
        try {
            spec = RuleRecords.toSpec(record);
        } catch (ConfigException invalid) {
            return new Rejected(invalid.getMessage().replace('\n', ' '));
        } catch (RuntimeException unreadable) {
            return new Rejected("Rule '" + key + "' cannot be read: " + unreadable.getMessage());
        }
        if (inForce.isPresent()) {
            RuleSpec current = inForce.get();
            if (current.equals(spec)) {
                return new Unchanged(spec);
            }
            if (spec.version() <= current.version()) {
                return new Rejected(notIncreasing(spec.id(), spec.version(), current.version()));
            }
        }
        return new Accepted(spec);
    }

    /** The message for a changed rule that kept or lowered its version, worded like a rules-file problem. */
    public static String notIncreasing(String ruleId, int version, int inForceVersion) {
        return "Rule '" + ruleId + "': field 'version' = '" + version + "' is not increasing: expected a version above "
                + inForceVersion + ", the version in force";
    }
}

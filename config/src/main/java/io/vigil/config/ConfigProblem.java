package io.vigil.config;

import java.util.Objects;

/**
 * One thing wrong with the configuration, kept as data so that several problems can be
 * reported together and a caller can tell which setting or rule field each one is about.
 *
 * @param key the setting ({@code vigil.stream.threads}) or rule field
 *     ({@code rules.velocity.parameters.maxCount}) the problem is about
 * @param value the offending value as written, empty when the value is missing
 * @param allowed what would have been accepted, e.g. {@code expected an integer between 1 and 64}
 * @param message the full sentence shown to the user
 */
public record ConfigProblem(String key, String value, String allowed, String message) {

    public ConfigProblem {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(allowed, "allowed");
        Objects.requireNonNull(message, "message");
    }

    /** The usual problem: a setting holds a value outside what it accepts. */
    public static ConfigProblem invalidValue(String key, String value, String allowed) {
        return new ConfigProblem(key, value, allowed,
                "Invalid value '" + value + "' for " + key + ": " + allowed);
    }
}

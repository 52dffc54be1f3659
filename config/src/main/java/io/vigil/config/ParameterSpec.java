package io.vigil.config;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.DoublePredicate;
import java.util.function.Function;

/**
 * One parameter a detector reads from its rule: its name, kind, accepted range and meaning.
 *
 * <p>Rules arrive as text from files and from the rules topic, so each parameter is checked
 * against this description before a detector ever sees it; a detector can then read its
 * parameters without defending against nonsense such as a zero-length window.
 */
public final class ParameterSpec {

    /** Outcome of checking a value: unreadable and out of range are reported differently. */
    enum Verdict {
        VALID(""), INVALID("is invalid"), OUT_OF_RANGE("is out of range");

        final String phrase;

        Verdict(String phrase) {
            this.phrase = phrase;
        }
    }

    private final String name;
    private final ParameterType type;
    private final String description;
    private final String allowed;
    private final Optional<String> defaultValue;
    private final Function<String, Verdict> checker;

    private ParameterSpec(String name, ParameterType type, String description, String allowed,
            Optional<String> defaultValue, Function<String, Verdict> checker) {
        this.name = Objects.requireNonNull(name, "name");
        this.type = Objects.requireNonNull(type, "type");
        this.description = Objects.requireNonNull(description, "description");
        this.allowed = Objects.requireNonNull(allowed, "allowed");
        this.defaultValue = Objects.requireNonNull(defaultValue, "defaultValue");
        this.checker = Objects.requireNonNull(checker, "checker");
    }

    static ParameterSpec integer(String name, int min, int max, String description) {
        return new ParameterSpec(name, ParameterType.INTEGER, description,
                Checks.intRangeText(min, max), Optional.empty(), raw -> inRange(raw, min, max));
    }

    static ParameterSpec longAtLeast(String name, long min, String description) {
        return new ParameterSpec(name, ParameterType.LONG, description,
                Checks.intRangeText(min, Long.MAX_VALUE), Optional.empty(),
                raw -> inRange(raw, min, Long.MAX_VALUE));
    }

    static ParameterSpec decimal(String name, String description) {
        return decimalRange(name, description, "expected a number", v -> true);
    }

    static ParameterSpec positiveDecimal(String name, String description) {
        return decimalRange(name, description, "expected a number > 0", v -> v > 0);
    }

    static ParameterSpec nonNegativeDecimal(String name, String description) {
        return decimalRange(name, description, "expected a number >= 0", v -> v >= 0);
    }

    static ParameterSpec fraction(String name, String description) {
        return decimalRange(name, description, "expected a number > 0 and < 1", v -> v > 0 && v < 1);
    }

    static ParameterSpec positiveDuration(String name, String description) {
        return new ParameterSpec(name, ParameterType.DURATION, description,
                "expected a duration > 0 such as 30s, 10m or PT10M", Optional.empty(),
                raw -> Durations.tryParse(raw)
                        .map(d -> d.isNegative() || d.isZero() ? Verdict.OUT_OF_RANGE : Verdict.VALID)
                        .orElse(Verdict.INVALID));
    }

    static ParameterSpec durationBetween(String name, Duration min, Duration max, String description) {
        return new ParameterSpec(name, ParameterType.DURATION, description,
                "expected a duration between " + Durations.format(min) + " and " + Durations.format(max),
                Optional.empty(),
                raw -> Durations.tryParse(raw)
                        .map(d -> d.compareTo(min) < 0 || d.compareTo(max) > 0
                                ? Verdict.OUT_OF_RANGE : Verdict.VALID)
                        .orElse(Verdict.INVALID));
    }

    /** A text that must be one of {@code choices}. */
    static ParameterSpec choice(String name, java.util.List<String> choices, String description) {
        return new ParameterSpec(name, ParameterType.TEXT, description, "expected one of " + String.join(", ", choices),
                Optional.empty(), raw -> choices.contains(raw) ? Verdict.VALID : Verdict.INVALID);
    }

    static ParameterSpec text(String name, String description) {
        return new ParameterSpec(name, ParameterType.TEXT, description, "expected a non-blank text",
                Optional.empty(), raw -> raw.isBlank() ? Verdict.INVALID : Verdict.VALID);
    }

    /** The same parameter, made optional: a rule that leaves it out gets {@code value}. */
    ParameterSpec withDefault(String value) {
        if (checker.apply(value) != Verdict.VALID) {
            throw new IllegalArgumentException("default " + value + " of " + name + " is not valid");
        }
        return new ParameterSpec(name, type, description, allowed, Optional.of(value), checker);
    }

    private static ParameterSpec decimalRange(String name, String description, String allowed,
            DoublePredicate inRange) {
        return new ParameterSpec(name, ParameterType.DECIMAL, description, allowed, Optional.empty(),
                raw -> Numbers.parseDecimal(raw)
                        .map(v -> inRange.test(v) ? Verdict.VALID : Verdict.OUT_OF_RANGE)
                        .orElse(Verdict.INVALID));
    }

    private static Verdict inRange(String raw, long min, long max) {
        return Numbers.parseLong(raw)
                .map(v -> v >= min && v <= max ? Verdict.VALID : Verdict.OUT_OF_RANGE)
                .orElse(Verdict.INVALID);
    }

    Verdict check(String raw) {
        return checker.apply(raw);
    }

    public String name() {
        return name;
    }

    public ParameterType type() {
        return type;
    }

    /** What the parameter means, in plain words, for help texts and the rules command. */
    public String description() {
        return description;
    }

    /** What the parameter accepts, phrased for error messages: {@code expected an integer >= 1}. */
    public String allowed() {
        return allowed;
    }

    /** The value used when a rule leaves the parameter out; empty for required parameters. */
    public Optional<String> defaultValue() {
        return defaultValue;
    }

    public boolean required() {
        return defaultValue.isEmpty();
    }

    @Override
    public String toString() {
        return name + " (" + type + ", " + allowed + defaultValue.map(d -> ", default " + d).orElse("") + ")";
    }
}

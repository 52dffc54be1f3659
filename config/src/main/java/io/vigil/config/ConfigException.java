package io.vigil.config;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Thrown when configuration cannot be used, so that Vigil stops at start instead of running
 * with a value nobody meant.
 *
 * <p>It carries every problem found in one pass (one per line of the message) so that a user
 * can fix a whole file in one go. {@link #key()}, {@link #value()} and {@link #allowed()}
 * describe the first problem, which is the only one in the common case; {@link #problems()}
 * lists them all.
 */
public class ConfigException extends RuntimeException {

    private final List<ConfigProblem> problems;

    /** A single setting holding a value outside what it accepts. */
    public ConfigException(String key, String value, String allowed) {
        this(ConfigProblem.invalidValue(key, value, allowed));
    }

    public ConfigException(ConfigProblem problem) {
        this(List.of(problem));
    }

    /** Several problems reported together; the list must not be empty. */
    public ConfigException(List<ConfigProblem> problems) {
        this(problems, null);
    }

    ConfigException(ConfigProblem problem, Throwable cause) {
        this(List.of(problem), cause);
    }

    private ConfigException(List<ConfigProblem> problems, Throwable cause) {
        super(joinMessages(problems), cause);
        this.problems = List.copyOf(problems);
    }

    private static String joinMessages(List<ConfigProblem> problems) {
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a ConfigException needs at least one problem");
        }
        return problems.stream().map(ConfigProblem::message).collect(Collectors.joining("\n"));
    }

    /** The setting or rule field of the first problem. */
    public String key() {
        return problems.get(0).key();
    }

    /** The offending value of the first problem, empty when it was missing. */
    public String value() {
        return problems.get(0).value();
    }

    /** What the first problem's setting or field accepts. */
    public String allowed() {
        return problems.get(0).allowed();
    }

    /** Every problem found, in the order they were found. */
    public List<ConfigProblem> problems() {
        return problems;
    }
}

package io.vigil.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The detection rules in force, in file order, with unique ids.
 *
 * <p>Rules are read from YAML (see {@code vigil-rules.yaml} on the classpath for the format
 * and the defaults) and every problem in a file is reported in one {@link ConfigException},
 * one per line, so that a user fixes a file in one pass rather than one error per restart.
 */
public record RuleSet(List<RuleSpec> rules) {

    private static final String DEFAULTS_RESOURCE = "vigil-rules.yaml";

    /** Rejects duplicate ids: alerts and the compacted rules topic are keyed by rule id. */
    public RuleSet {
        rules = List.copyOf(rules);
        List<ConfigProblem> duplicates =
                RuleChecker.duplicates(rules.stream().map(RuleSpec::id).toList());
        if (!duplicates.isEmpty()) {
            throw new ConfigException(duplicates);
        }
    }

    public Optional<RuleSpec> find(String ruleId) {
        return rules.stream().filter(r -> r.id().equals(ruleId)).findFirst();
    }

    /**
     * Every rule for {@code detector}, enabled or not, in file order: one detector can run under
     * several rules, e.g. a one-minute and a one-hour velocity rule. Check
     * {@link RuleSpec#enabled()} before running one, or use {@link #enabled()}.
     */
    public List<RuleSpec> forDetector(String detector) {
        return rules.stream().filter(r -> r.detector().equals(detector)).toList();
    }

    /** The rules that run, in file order. */
    public List<RuleSpec> enabled() {
        return rules.stream().filter(RuleSpec::enabled).toList();
    }

    /** The default rules shipped in {@code vigil-rules.yaml} on the classpath. */
    public static RuleSet defaults() {
        String source = "classpath:" + DEFAULTS_RESOURCE;
        try (InputStream in = RuleSet.class.getResourceAsStream("/" + DEFAULTS_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(source + " is missing from the classpath");
            }
            return RuleFileParser.parse(new InputStreamReader(in, StandardCharsets.UTF_8), source);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + source, e);
        }
    }

    /**
     * Reads and validates a rules file.
     *
     * @throws ConfigException listing every problem in the file, one per line
     */
    public static RuleSet load(Path yaml) {
        Objects.requireNonNull(yaml, "yaml");
        try (Reader reader = Files.newBufferedReader(yaml, StandardCharsets.UTF_8)) {
            return RuleFileParser.parse(reader, yaml.toString());
        } catch (NoSuchFileException e) {
            throw new ConfigException(RuleFileParser.fileProblem(yaml.toString(), "does not exist"), e);
        } catch (IOException e) {
            throw new ConfigException(
                    RuleFileParser.fileProblem(yaml.toString(), "cannot be read: " + e), e);
        }
    }

    /** Reads and validates rules given as YAML text, e.g. from standard input. */
    public static RuleSet parse(String yaml) {
        try {
            return RuleFileParser.parse(new StringReader(yaml), "(text)");
        } catch (IOException e) {
            throw new UncheckedIOException("Reading a string failed", e);
        }
    }
}

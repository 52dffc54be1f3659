package io.vigil.loadgen;

import io.vigil.config.DetectorCatalog;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Something a scenario injects into its stream so that a known detector must trip: a fraud {@link Pattern} played
 * on a card, or a telemetry fault played on a device. Its {@link #id()} is the name of that detector in the
 * {@link DetectorCatalog} (which is also the id of the detector's default rule), so ground truth, scores and rules
 * meet on one name; a pattern that must raise nothing (a replayed event) has an id of its own.
 */
public interface InjectedPattern {

    /**
     * What every injected pattern is.
     *
     * @param id             the name in ground truth and on the command line: the detector the pattern must trip
     * @param expectedAlerts how many alerts one injection must produce under the rules it was generated for: OPEN
     *                       and RESOLVED for episode rules, one OPEN for the others, none for a replay
     */
    record Spec(String id, int expectedAlerts) {
    }

    Spec spec();

    /** The name in ground truth and on the command line: the detector the pattern must trip. */
    default String id() {
        return spec().id();
    }

    /** How many alerts one injection must produce. */
    default int expectedAlerts() {
        return spec().expectedAlerts();
    }

    /** The catalog's detector this pattern trips; empty for a pattern that must raise no alert. */
    default Optional<String> detector() {
        return expectedAlerts() == 0 ? Optional.empty() : Optional.of(id());
    }

    /**
     * The pattern of {@code type} with {@code id}.
     *
     * @param noun   what the user asked for, for the message ({@code "pattern"})
     * @param plural its plural in the message ({@code "patterns"})
     * @throws IllegalArgumentException naming the known ids when none has {@code id}
     */
    static <P extends Enum<P> & InjectedPattern> P byId(Class<P> type, String id, String noun, String plural) {
        for (P pattern : type.getEnumConstants()) {
            if (pattern.id().equals(id)) {
                return pattern;
            }
        }
        throw new IllegalArgumentException("Unknown " + noun + " '" + id + "'; known " + plural + ": "
                + Arrays.stream(type.getEnumConstants()).map(InjectedPattern::id).collect(Collectors.joining(", ")));
    }
}

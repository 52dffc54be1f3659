package io.vigil.loadgen;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The fraud patterns the scenario injects, each named after the detector it must trip, except {@link #REPLAY}:
 * an exact re-send that a correct pipeline drops before any detector sees it twice.
 */
public enum Pattern {
    VELOCITY("velocity", 1),
    AMOUNT_ANOMALY("amount-anomaly", 1),
    IMPOSSIBLE_TRAVEL("impossible-travel", 1),
    CARD_TESTING("card-testing", 1),
    DUPLICATE_TRANSACTION("duplicate-transaction", 1),
    REPLAY("replay", 0);

    private final String id;
    private final int expectedAlerts;

    Pattern(String id, int expectedAlerts) {
        this.id = id;
        this.expectedAlerts = expectedAlerts;
    }

    /** The name used in ground truth and on the command line; for the fraud patterns also the detector name. */
    public String id() {
        return id;
    }

    /** How many alerts one injection must produce under the rules it was generated for. */
    public int expectedAlerts() {
        return expectedAlerts;
    }

    public static Pattern of(String id) {
        for (Pattern pattern : values()) {
            if (pattern.id.equals(id)) {
                return pattern;
            }
        }
        throw new IllegalArgumentException("Unknown pattern '" + id + "'; known patterns: "
                + Arrays.stream(values()).map(Pattern::id).collect(Collectors.joining(", ")));
    }
}

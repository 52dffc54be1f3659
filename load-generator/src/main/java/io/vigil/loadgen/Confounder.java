package io.vigil.loadgen;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Legitimate card behaviour that looks like fraud to a rule. Realistic traffic plays each at its own rate (see
 * {@link ConfounderRates}) on a card of its own, and records it in the ground truth under its id with no alert
 * expected: whatever a rule raises on it is a false alert, which is what makes precision honest.
 */
public enum Confounder {
    /** A group through the gates on one card: 4 to 7 taps at distinct transit gates within the velocity window. */
    TRANSIT_BURST("transit-burst", List.of("velocity")),
    /** One bill paid in 2 to 7 parts at one restaurant within a minute; half the time in equal shares. */
    SPLIT_BILL("split-bill", List.of("velocity", "duplicate-transaction")),
    /** A rare large purchase (a sofa, a laptop): 2 to 12 times the card's typical amount, on a card with history. */
    BIG_TICKET("big-ticket", List.of("amount-anomaly")),
    /** A short-haul flight: a purchase at the gate, the next on arrival, 450 to 1,000 km/h apparent speed. */
    FAST_TRAVEL("fast-travel", List.of("impossible-travel")),
    /** A purchase near home whose terminal reports the coordinates of its acquirer's office in another country. */
    WRONG_TERMINAL_POSITION("wrong-terminal-position", List.of("impossible-travel")),
    /** A merchant retrying the same amount 10 to 90 s after a decline (a new event id each time). */
    MERCHANT_RETRY("merchant-retry", List.of("duplicate-transaction")),
    /** Parking, vending, coffee: 3 to 6 payments of at most the small amount at distinct merchants within 2 minutes. */
    SMALL_PAYMENTS("small-payments", List.of("card-testing"));

    private final String id;
    private final List<String> mimics;

    Confounder(String id, List<String> mimics) {
        this.id = id;
        this.mimics = mimics;
    }

    /** The pattern id in the ground truth and on the command line. */
    public String id() {
        return id;
    }

    /** The detectors this behaviour can trip. */
    public List<String> mimics() {
        return mimics;
    }

    public static Confounder of(String id) {
        for (Confounder confounder : values()) {
            if (confounder.id.equals(id)) {
                return confounder;
            }
        }
        throw new IllegalArgumentException("Unknown confounder '" + id + "'; known confounders: "
                + Arrays.stream(values()).map(Confounder::id).collect(Collectors.joining(", ")));
    }

    /** Whether a ground-truth pattern id names a confounder: legitimate traffic, never fraud. */
    public static boolean isConfounder(String patternId) {
        return Arrays.stream(values()).anyMatch(c -> c.id.equals(patternId));
    }
}

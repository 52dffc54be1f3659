package io.vigil.loadgen;

import io.vigil.config.DetectorCatalog;

/**
 * The fraud patterns the scenario injects, each named after the catalog's detector it must trip, except
 * {@link #REPLAY}: an exact re-send that a correct pipeline drops before any detector sees it twice.
 */
public enum Pattern implements InjectedPattern {
    VELOCITY(DetectorCatalog.VELOCITY, 1),
    AMOUNT_ANOMALY(DetectorCatalog.AMOUNT_ANOMALY, 1),
    IMPOSSIBLE_TRAVEL(DetectorCatalog.IMPOSSIBLE_TRAVEL, 1),
    CARD_TESTING(DetectorCatalog.CARD_TESTING, 1),
    DUPLICATE_TRANSACTION(DetectorCatalog.DUPLICATE_TRANSACTION, 1),
    REPLAY("replay", 0);

    private final Spec spec;

    Pattern(String id, int expectedAlerts) {
        this.spec = new Spec(id, expectedAlerts);
    }

    @Override
    public Spec spec() {
        return spec;
    }

    public static Pattern of(String id) {
        return InjectedPattern.byId(Pattern.class, id, "pattern", "patterns");
    }
}

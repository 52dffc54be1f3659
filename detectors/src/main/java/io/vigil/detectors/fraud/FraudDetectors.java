package io.vigil.detectors.fraud;

import io.vigil.config.RuleSpec;

import java.util.Optional;

/** Maps a rule's {@code detector} name to the fraud detector that runs it. */
public final class FraudDetectors {

    public static final String VELOCITY = "velocity";
    public static final String AMOUNT_ANOMALY = "amount-anomaly";
    public static final String IMPOSSIBLE_TRAVEL = "impossible-travel";
    public static final String CARD_TESTING = "card-testing";
    public static final String DUPLICATE_TRANSACTION = "duplicate-transaction";

    private FraudDetectors() {
    }

    /** The detector for {@code rule}, or empty when the rule is not a fraud rule (e.g. a telemetry rule). */
    public static Optional<FraudDetector> create(RuleSpec rule) {
        return Optional.ofNullable(switch (rule.detector()) {
            case VELOCITY -> new VelocityDetector(rule);
            case AMOUNT_ANOMALY -> new AmountAnomalyDetector(rule);
            case IMPOSSIBLE_TRAVEL -> new ImpossibleTravelDetector(rule);
            case CARD_TESTING -> new CardTestingDetector(rule);
            case DUPLICATE_TRANSACTION -> new DuplicateTransactionDetector(rule);
            default -> null;
        });
    }
}

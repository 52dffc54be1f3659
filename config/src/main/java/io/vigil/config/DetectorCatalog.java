package io.vigil.config;

import java.util.List;
import java.util.Optional;

/**
 * Every detector Vigil has, with the parameters its rules must carry.
 *
 * <p>Rules are data that can arrive from a file or the rules topic at any time, while the
 * detectors are code; this catalog is the contract between the two, so that a rule naming a
 * detector that does not exist, or giving it a parameter it cannot use, is refused with a
 * message instead of producing silence or nonsense at run time.
 */
public final class DetectorCatalog {

    public static final String VELOCITY = "velocity";
    public static final String AMOUNT_ANOMALY = "amount-anomaly";
    public static final String IMPOSSIBLE_TRAVEL = "impossible-travel";
    public static final String CARD_TESTING = "card-testing";
    public static final String DUPLICATE_TRANSACTION = "duplicate-transaction";
    public static final String BLOCKED_CARD_USED = "blocked-card-used";
    public static final String THRESHOLD = "threshold";
    public static final String RATE_OF_CHANGE = "rate-of-change";
    public static final String TELEMETRY_ANOMALY = "telemetry-anomaly";
    public static final String FLATLINE = "flatline";
    public static final String SILENCE = "silence";

    private static final List<DetectorSpec> DETECTORS = List.of(
            FraudDetectors.velocity(),
            FraudDetectors.amountAnomaly(),
            FraudDetectors.impossibleTravel(),
            FraudDetectors.cardTesting(),
            FraudDetectors.duplicateTransaction(),
            FraudDetectors.blockedCardUsed(),
            TelemetryDetectors.threshold(),
            TelemetryDetectors.rateOfChange(),
            TelemetryDetectors.telemetryAnomaly(),
            TelemetryDetectors.flatline(),
            TelemetryDetectors.silence());

    private DetectorCatalog() {
    }

    /** All detectors, fraud detectors first. */
    public static List<DetectorSpec> detectors() {
        return DETECTORS;
    }

    public static List<String> names() {
        return DETECTORS.stream().map(DetectorSpec::name).toList();
    }

    public static Optional<DetectorSpec> find(String name) {
        return DETECTORS.stream().filter(d -> d.name().equals(name)).findFirst();
    }
}

package io.vigil.config;

import static io.vigil.config.DetectorCatalog.AMOUNT_ANOMALY;
import static io.vigil.config.DetectorCatalog.BLOCKED_CARD_USED;
import static io.vigil.config.DetectorCatalog.CARD_TESTING;
import static io.vigil.config.DetectorCatalog.DUPLICATE_TRANSACTION;
import static io.vigil.config.DetectorCatalog.IMPOSSIBLE_TRAVEL;
import static io.vigil.config.DetectorCatalog.VELOCITY;
import static io.vigil.config.ParameterSpec.durationBetween;
import static io.vigil.config.ParameterSpec.fraction;
import static io.vigil.config.ParameterSpec.integer;
import static io.vigil.config.ParameterSpec.longAtLeast;
import static io.vigil.config.ParameterSpec.nonNegativeDecimal;
import static io.vigil.config.ParameterSpec.positiveDecimal;
import static io.vigil.config.ParameterSpec.positiveDuration;

import io.vigil.config.DetectorSpec.Entity;

import java.time.Duration;
import java.util.List;

/** Card detectors; amounts are in minor units (cents). */
final class FraudDetectors {

    private FraudDetectors() {
    }

    static DetectorSpec velocity() {
        return new DetectorSpec(VELOCITY, Entity.CARD,
                "Alerts when a card makes more than maxCount transactions within the sliding window.",
                List.of(
                        integer("maxCount", 1, 10_000, "most transactions allowed in the window"),
                        durationBetween("window", Duration.ofSeconds(1), Duration.ofDays(1),
                                "length of the sliding event-time window")),
                List.of());
    }

    static DetectorSpec amountAnomaly() {
        return new DetectorSpec(AMOUNT_ANOMALY, Entity.CARD,
                "Alerts when an amount is far above the card's own usual amounts (EWMA z-score of "
                        + "ln(amount + 1)), once the card has a history.",
                List.of(
                        fraction("alpha", "weight of the newest amount in the moving mean and variance"),
                        positiveDecimal("zThreshold", "standard deviations above the mean that alert"),
                        integer("warmup", 1, 1000, "transactions a card needs before it can alert"),
                        positiveDecimal("minStdDev", "floor on the deviation, so steady spenders do not "
                                + "alert on small changes")),
                List.of());
    }

    static DetectorSpec impossibleTravel() {
        return new DetectorSpec(IMPOSSIBLE_TRAVEL, Entity.CARD,
                "Alerts when two consecutive card-present transactions are further apart than anyone "
                        + "could travel in the time between them.",
                List.of(
                        positiveDecimal("maxSpeedKmh", "fastest plausible travel speed in km/h"),
                        nonNegativeDecimal("minDistanceKm", "distances below this never alert (GPS noise, "
                                + "neighbouring towns)")),
                List.of());
    }

    static DetectorSpec cardTesting() {
        return new DetectorSpec(CARD_TESTING, Entity.CARD,
                "Alerts on a burst of small transactions across several merchants, the pattern of "
                        + "checking whether a stolen card works.",
                List.of(
                        positiveDuration("window", "how far back the burst is looked for"),
                        longAtLeast("smallAmountMinor", 1, "amounts at or below this (in cents) are small"),
                        integer("minCount", 2, Integer.MAX_VALUE, "small transactions that make a burst"),
                        integer("minMerchants", 1, Integer.MAX_VALUE,
                                "distinct merchants the burst must span")),
                List.of(new ParameterOrder("minMerchants", "minCount", false)));
    }

    static DetectorSpec duplicateTransaction() {
        return new DetectorSpec(DUPLICATE_TRANSACTION, Entity.CARD,
                "Alerts when a card is charged the same amount by the same merchant twice within the "
                        + "window (different event ids; a replayed event id is dropped, not alerted).",
                List.of(positiveDuration("window", "how close together the two charges must be")),
                List.of());
    }

    /**
     * The feedback rule: its input is not a pattern in the transactions but the card-blocker's own
     * BLOCK_CARD actions, so it has no parameters; its rule still decides severity, cooldown and
     * whether it runs.
     */
    static DetectorSpec blockedCardUsed() {
        return new DetectorSpec(BLOCKED_CARD_USED, Entity.CARD,
                "Alerts when a card is used after a BLOCK_CARD action and before an UNBLOCK_CARD action "
                        + "on the actions topic.",
                List.of(),
                List.of());
    }
}

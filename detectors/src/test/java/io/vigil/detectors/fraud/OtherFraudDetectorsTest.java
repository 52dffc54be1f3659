package io.vigil.detectors.fraud;

import static io.vigil.detectors.fraud.Cards.at;
import static io.vigil.detectors.fraud.Cards.online;
import static io.vigil.detectors.fraud.Cards.rule;
import static io.vigil.detectors.fraud.Cards.tx;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigil.config.RuleSpec;
import io.vigil.detectors.Ewma;
import io.vigil.events.Alert;
import io.vigil.events.Transaction;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

class OtherFraudDetectorsTest {

    private static List<Alert> run(FraudDetector detector, Transaction... txs) {
        CardDetection detection = new CardDetection(List.of(detector), Duration.ofSeconds(30));
        CardState state = new CardState();
        List<Alert> alerts = new ArrayList<>();
        for (Transaction tx : txs) {
            alerts.addAll(detection.process(state, tx).alerts());
        }
        return alerts;
    }

    // --- amount anomaly ---------------------------------------------------------------------------------------

    private static AmountAnomalyDetector amount(int warmup) {
        return new AmountAnomalyDetector(rule(FraudDetectors.AMOUNT_ANOMALY, Duration.ofHours(1),
                Map.of("alpha", "0.1", "zThreshold", "5", "warmup", "" + warmup, "minStdDev", "0.2")));
    }

    private static Transaction[] steadyThen(int steady, long lastAmountMinor) {
        Transaction[] txs = new Transaction[steady + 1];
        for (int i = 0; i < steady; i++) {
            txs[i] = tx("s" + i, i * 3600L, 2_000, "m" + i);
        }
        txs[steady] = tx("big", steady * 3600L, lastAmountMinor, "m-big");
        return txs;
    }

    @Test
    void shouldAlertOnAmountFarAboveBaselineAfterWarmup() {
        // Ten payments of 20.00: mean ln(21), variance 0, so the 0.2 floor applies.
        // 2000.00 gives z = (ln 2001 - ln 21) / 0.2 = (7.6014 - 3.0445) / 0.2 = 22.78 > 5.
        List<Alert> alerts = run(amount(10), steadyThen(10, 200_000));

        assertEquals(1, alerts.size());
        assertEquals(22.78, alerts.get(0).getFeatures().get("zScore"), 0.01);
        assertEquals(List.of("big"), alerts.get(0).getTriggeringEventIds());
    }

    @Test
    void shouldNotAlertOnModestRiseAfterWarmup() {
        // 30.00 against 20.00: z = (ln 31 - ln 21) / 0.2 = 1.95, under 5.
        assertEquals(List.of(), run(amount(10), steadyThen(10, 3_000)));
    }

    @Test
    void shouldNotAlertDuringWarmup() {
        // Nine earlier transactions, warm-up ten: the card is still learning, even for 2000.00.
        assertEquals(List.of(), run(amount(10), steadyThen(9, 200_000)));
    }

    @Test
    void shouldUpdateEwmaByHand() {
        // alpha 0.5 on 1, 2, 3: mean 1 -> 1.5 -> 2.25; variance 0 -> 0.25 -> 0.5 * (0.25 + 1.5 * 0.75) = 0.6875.
        Ewma b = Ewma.EMPTY.update(1, 0.5).update(2, 0.5).update(3, 0.5);

        assertEquals(3, b.count());
        assertEquals(2.25, b.mean(), 1e-12);
        assertEquals(0.6875, b.variance(), 1e-12);
        assertEquals(2.75 / Math.sqrt(0.6875), b.zScore(5, 0.1), 1e-12);
    }

    // --- impossible travel ------------------------------------------------------------------------------------

    private static ImpossibleTravelDetector travel(double maxSpeedKmh) {
        return new ImpossibleTravelDetector(rule(FraudDetectors.IMPOSSIBLE_TRAVEL, Duration.ofHours(1),
                Map.of("maxSpeedKmh", "" + maxSpeedKmh, "minDistanceKm", "100")));
    }

    @Test
    void shouldAlertWhenCardIsUsedInPersonTooFarTooSoon() {
        // Berlin, then Madrid (about 1870 km) one hour later: about 1870 km/h.
        List<Alert> alerts = run(travel(900), tx("berlin", 0), at(tx("madrid", 3600), 40.4168, -3.7038));

        assertEquals(1, alerts.size());
        assertEquals(List.of("berlin", "madrid"), alerts.get(0).getTriggeringEventIds());
        assertEquals(1869, alerts.get(0).getFeatures().get("distanceKm"), 5);
        assertTrue(alerts.get(0).getFeatures().get("speedKmh") > 1800);
    }

    @Test
    void shouldNotAlertAtExactlyTheSpeedLimit() {
        // (0,0) to (0,9) along the equator, 4003 s apart: allow exactly that speed, and one km/h less.
        Position from = new Position("a", 0, 0, 0);
        Position to = new Position("b", 4_003_000, 0, 9);
        double speed = from.distanceKm(to) / (4003 / 3600.0);

        Transaction first = at(tx("a", 0), 0, 0);
        Transaction second = at(tx("b", 4003), 0, 9);
        assertEquals(List.of(), run(travel(speed), first, second));
        assertEquals(1, run(travel(speed - 1), first, second).size());
    }

    @Test
    void shouldIgnoreEcommerceTransactions() {
        assertEquals(List.of(), run(travel(900), tx("berlin", 0), online(tx("web", 60))));
    }

    // --- card testing -----------------------------------------------------------------------------------------

    private static CardTestingDetector cardTesting() {
        return new CardTestingDetector(rule(FraudDetectors.CARD_TESTING, Duration.ofMinutes(30),
                Map.of("window", "10m", "smallAmountMinor", "200", "minCount", "5", "minMerchants", "4")));
    }

    @Test
    void shouldAlertOnSmallPaymentsAcrossMerchants() {
        List<Alert> alerts = run(cardTesting(),
                tx("1", 0, 100, "A"), tx("2", 30, 150, "B"), tx("3", 60, 200, "C"), tx("4", 90, 99, "D"),
                tx("5", 120, 120, "A"));

        assertEquals(1, alerts.size());
        assertEquals(Map.of("count", 5.0, "merchants", 4.0, "smallAmountMinor", 200.0), alerts.get(0).getFeatures());
    }

    @Test
    void shouldNotAlertWhenSmallPaymentsStayWithFewMerchants() {
        assertEquals(List.of(), run(cardTesting(),
                tx("1", 0, 100, "A"), tx("2", 30, 150, "B"), tx("3", 60, 200, "C"), tx("4", 90, 99, "A"),
                tx("5", 120, 120, "B")));
    }

    @Test
    void shouldNotCountPaymentsAboveTheSmallAmount() {
        assertEquals(List.of(), run(cardTesting(),
                tx("1", 0, 100, "A"), tx("2", 30, 150, "B"), tx("3", 60, 201, "C"), tx("4", 90, 99, "D"),
                tx("5", 120, 120, "E")));
    }

    // --- duplicate transaction --------------------------------------------------------------------------------

    private static DuplicateTransactionDetector duplicates() {
        return new DuplicateTransactionDetector(rule(FraudDetectors.DUPLICATE_TRANSACTION, Duration.ofMinutes(10),
                Map.of("window", "2m")));
    }

    @Test
    void shouldAlertOnSameMerchantAndAmountWithinWindow() {
        List<Alert> alerts = run(duplicates(), tx("first", 0, 4_599, "shop"), tx("again", 60, 4_599, "shop"));

        assertEquals(1, alerts.size());
        assertEquals(List.of("first", "again"), alerts.get(0).getTriggeringEventIds());
        assertEquals("Card card-1 paid 45.99 to merchant shop twice, 60 s apart", alerts.get(0).getExplanation());
    }

    @Test
    void shouldNotAlertWhenTheSecondChargeIsOutsideTheWindow() {
        assertEquals(List.of(), run(duplicates(), tx("first", 0, 4_599, "shop"), tx("again", 121, 4_599, "shop")));
    }

    @Test
    void shouldNotAlertWhenTheSameEventIdIsRedelivered() {
        assertEquals(List.of(), run(duplicates(), tx("first", 0, 4_599, "shop"), tx("first", 0, 4_599, "shop")));
    }

    @Test
    void shouldRoundTripStateThroughTheCodec() {
        RuleSpec velocity = Cards.velocity(3, "60s");
        CardDetection detection = new CardDetection(List.of(new VelocityDetector(velocity)), Duration.ofSeconds(30));
        CardState state = new CardState();
        for (Transaction tx : List.of(tx("a", 0), tx("b", 10), tx("c", 20), tx("d", 30))) {
            detection.process(state, tx);
        }

        CardState copy = CardStateCodec.decode(CardStateCodec.encode(state));

        assertEquals(state.history(), copy.history());
        assertEquals(state.baseline(), copy.baseline());
        assertEquals(state.lastPosition(), copy.lastPosition());
        assertEquals(state.maxEventTimeMillis(), copy.maxEventTimeMillis());
        assertEquals(state.lastTriggerMillis(), copy.lastTriggerMillis());
    }
}

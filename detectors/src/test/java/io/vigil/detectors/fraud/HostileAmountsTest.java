package io.vigil.detectors.fraud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigil.config.RuleSet;
import io.vigil.config.RuleSpec;
import io.vigil.detectors.AlertIds;
import io.vigil.events.Alert;
import io.vigil.events.Transaction;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Issue 12, part 9: refunds (negative amounts) and zero-amount authorisations are recorded but do not feed the
 * spending baseline. Before, {@code log1p(amount / 100)} of -1.00 or less made the card's baseline NaN for good,
 * and the amount rule then fired on every later transaction.
 */
class HostileAmountsTest {

    private static final RuleSpec AMOUNT = Cards.rule(FraudDetectors.AMOUNT_ANOMALY, Duration.ofHours(1),
            Map.of("alpha", "0.1", "zThreshold", "5.0", "warmup", "10", "minStdDev", "0.2"));

    private final CardDetection detection = CardDetection.fromRules(new RuleSet(List.of(AMOUNT)), Duration.ofSeconds(30));
    private final CardState state = new CardState();

    private List<Alert> pay(Transaction... txs) {
        List<Alert> alerts = new ArrayList<>();
        for (Transaction tx : txs) {
            alerts.addAll(detection.process(state, tx).alerts());
        }
        return alerts;
    }

    private void warmUp() {
        for (int i = 0; i < 12; i++) {
            pay(Cards.tx("w" + i, i * 3_600L, 2_000 + 10 * (i % 3), "m-shop"));
        }
    }

    @Test
    void shouldStayQuietOnNormalSpendingWhenARefundAndAZeroAuthorisationCameBefore() {
        // Given a card that usually spends about 20.00
        warmUp();

        // When it gets a refund of 50.00, a zero-amount card check, then spends normally
        List<Alert> alerts = pay(
                Cards.tx("refund", 50_000, -5_000, "m-shop"),
                Cards.tx("check", 50_100, 0, "m-hotel"),
                Cards.tx("normal", 50_200, 2_050, "m-shop"));

        // Then nothing alerts, and the baseline learnt only the spending
        assertEquals(List.of(), alerts);
        assertEquals(13, state.baseline().count());
        assertTrue(Double.isFinite(state.baseline().mean()), "baseline " + state.baseline());
    }

    @Test
    void shouldStillAlertOnARealAnomalyWhenARefundCameBefore() {
        // Given a card that usually spends about 20.00, then a refund of 1.00 (log1p(-1) is -infinity)
        warmUp();
        pay(Cards.tx("refund", 50_000, -100, "m-shop"), Cards.tx("check", 50_100, 0, "m-hotel"));

        // When it spends 5,000.00
        List<Alert> alerts = pay(Cards.tx("big", 50_200, 500_000, "m-jeweller"));

        // Then exactly that one alerts
        assertEquals(List.of(AlertIds.alertId("amount-anomaly", "card-1", "big")),
                alerts.stream().map(Alert::getAlertId).toList());
    }

    @Test
    void shouldStartTheBaselineOverWhenStoredStateHoldsANonFiniteBaseline() {
        // Given state written before amounts were validated: a NaN baseline past its warm-up
        CardState poisoned = new CardState(Long.MIN_VALUE, new ArrayList<>(), new io.vigil.detectors.Ewma(20,
                Double.NaN, Double.NaN), null, new java.util.HashMap<>());

        // When the card spends normally
        List<Alert> alerts = detection.process(poisoned, Cards.tx("normal", 0, 2_000, "m-shop")).alerts();

        // Then nothing alerts and the baseline restarted from this amount
        assertEquals(List.of(), alerts);
        assertEquals(1, poisoned.baseline().count());
    }

    @Test
    void shouldNotCountRefundsAsCardTestingProbesWhenTheyComeInABurst() {
        // Given card testing: 3 charges of at most 2.00 at 2 merchants within 10 minutes
        RuleSpec testing = Cards.rule(FraudDetectors.CARD_TESTING, Duration.ofMinutes(30), Map.of("window", "10m",
                "smallAmountMinor", "200", "minCount", "3", "minMerchants", "2"));
        CardDetection cards = CardDetection.fromRules(new RuleSet(List.of(testing)), Duration.ofSeconds(30));
        CardState card = new CardState();

        // When three refunds arrive, then three zero-amount checks
        List<Alert> refunds = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            refunds.addAll(cards.process(card, Cards.tx("r" + i, i * 10L, -150, "m-" + i)).alerts());
        }
        List<Alert> checks = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            checks.addAll(cards.process(card, Cards.tx("z" + i, 100 + i * 10L, 0, "m-" + i)).alerts());
        }

        // Then the refunds are no probes, and the zero checks (a classic probe) are
        assertEquals(List.of(), refunds);
        assertEquals(List.of(AlertIds.alertId("card-testing", "card-1", "z2")),
                checks.stream().map(Alert::getAlertId).toList());
    }
}

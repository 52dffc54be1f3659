package io.vigil.detectors.fraud;

import static java.lang.String.format;
import static java.util.Locale.ROOT;

import io.vigil.config.RuleSpec;
import io.vigil.detectors.Ewma;
import io.vigil.detectors.Finding;
import io.vigil.events.Transaction;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Fires when a transaction's log-amount lies more than {@code zThreshold} standard deviations above the card's
 * own EWMA baseline, once the card has at least {@code warmup} earlier transactions; the standard deviation is
 * floored at {@code minStdDev} so that a card with very regular spending does not alert on small changes.
 * Reads {@code zThreshold}, {@code warmup}, {@code minStdDev} ({@code alpha} shapes the baseline, see
 * {@link CardDetection}).
 */
public final class AmountAnomalyDetector implements FraudDetector {

    private final RuleSpec rule;
    private final double zThreshold;
    private final int warmup;
    private final double minStdDev;

    public AmountAnomalyDetector(RuleSpec rule) {
        this.rule = rule;
        this.zThreshold = rule.doubleParam("zThreshold");
        this.warmup = rule.intParam("warmup");
        this.minStdDev = rule.doubleParam("minStdDev");
    }

    @Override
    public RuleSpec rule() {
        return rule;
    }

    double alpha() {
        return rule.doubleParam("alpha");
    }

    /**
     * The value the card's baseline follows: log-amounts, because spending is multiplicative (40 euros on a card
     * that usually spends 20 is as unusual as 400 on a card that spends 200).
     */
    public static double logAmount(long amountMinor) {
        return Math.log1p(amountMinor / 100.0);
    }

    /**
     * Whether {@code amountMinor} is spending that the baseline learns and this rule judges: only amounts above
     * zero. A refund or credit (negative) moves money to the card holder, and a zero-amount authorisation only
     * checks the card; neither says anything about how much the holder spends, and {@code log1p} of an amount of
     * -1.00 or less is -infinity or NaN, which would poison the baseline for good.
     */
    public static boolean isSpending(long amountMinor) {
        return amountMinor > 0;
    }

    @Override
    public Optional<Finding> evaluate(CardState state, Transaction tx, int index) {
        Ewma baseline = state.baseline();
        if (baseline.count() < warmup || !isSpending(tx.getAmountMinor()) || !baseline.isFinite()) {
            return Optional.empty();
        }
        double z = baseline.zScore(logAmount(tx.getAmountMinor()), minStdDev);
        // Written so that a NaN z-score (which no valid input produces any more) never alerts.
        if (!(z > zThreshold)) {
            return Optional.empty();
        }
        double typical = Math.expm1(baseline.mean());
        double amount = tx.getAmountMinor() / 100.0;
        long at = tx.getTimestamp().toEpochMilli();
        return Optional.of(new Finding(tx.getEventId(), List.of(tx.getEventId()), at, at,
                Map.of("zScore", z, "amount", amount, "typicalAmount", typical, "baselineCount", (double) baseline.count()),
                format(ROOT, "Card %s spent %.2f %s, %.0fx its typical %.2f (z-score %.1f over %d transactions)",
                        tx.getCardId(), amount, tx.getCurrency(), amount / Math.max(typical, 0.01), typical, z,
                        baseline.count())));
    }
}

package io.vigil.detectors.fraud;

import static java.lang.String.format;
import static java.util.Locale.ROOT;

import io.vigil.config.HumanFormat;
import io.vigil.config.RuleSpec;
import io.vigil.detectors.Finding;
import io.vigil.events.Transaction;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Fires when, within {@code window}, a card makes at least {@code minCount} small payments (at most
 * {@code smallAmountMinor}) spread over at least {@code minMerchants} merchants: a fraudster checking that a
 * stolen card works before using it. Reads {@code window}, {@code smallAmountMinor}, {@code minCount},
 * {@code minMerchants}.
 */
public final class CardTestingDetector implements FraudDetector {

    private final RuleSpec rule;
    private final long windowMillis;
    private final long smallAmountMinor;
    private final int minCount;
    private final int minMerchants;

    public CardTestingDetector(RuleSpec rule) {
        this.rule = rule;
        this.windowMillis = rule.durationParam("window").toMillis();
        this.smallAmountMinor = rule.longParam("smallAmountMinor");
        this.minCount = rule.intParam("minCount");
        this.minMerchants = rule.intParam("minMerchants");
    }

    @Override
    public RuleSpec rule() {
        return rule;
    }

    @Override
    public long lookbackMillis() {
        return windowMillis;
    }

    /**
     * Only small payments are ever counted in a window, and the windows an arriving event can complete end at or
     * after it, which is never before the newest event minus the grace period; so a larger payment is never read
     * once it is older than that, and need not be kept the whole window long.
     */
    @Override
    public long lookbackMillis(RecentTransaction tx) {
        return isSmall(tx.amountMinor()) ? windowMillis : 0;
    }

    @Override
    public int historyNeeded() {
        return minCount;
    }

    @Override
    public Optional<Finding> evaluate(CardState state, Transaction tx, int index) {
        if (!isSmall(tx.getAmountMinor())) {
            return Optional.empty();
        }
        List<RecentTransaction> window = Windows.firstMatching(state.history(), index, windowMillis,
                t -> isSmall(t.amountMinor()),
                members -> members.size() >= minCount && merchants(members).size() >= minMerchants);
        if (window.isEmpty()) {
            return Optional.empty();
        }
        int merchants = merchants(window).size();
        long start = window.get(0).timestampMillis();
        long end = window.get(window.size() - 1).timestampMillis();
        return Optional.of(new Finding(tx.getEventId(), Windows.eventIds(window), start, end,
                Map.of("count", (double) window.size(), "merchants", (double) merchants,
                        "smallAmountMinor", (double) smallAmountMinor),
                format(ROOT, "%d payments of at most %.2f at %d merchants within %s on card %s: card testing",
                        window.size(), smallAmountMinor / 100.0, merchants,
                        HumanFormat.span(Duration.ofMillis(end - start)), tx.getCardId())));
    }

    /**
     * A probe of the card: a charge of zero (a card-verification authorisation, the fraudster's favourite) up to
     * {@code smallAmountMinor}. A refund (negative amount) is money going back to the card, not a probe.
     */
    private boolean isSmall(long amountMinor) {
        return amountMinor >= 0 && amountMinor <= smallAmountMinor;
    }

    private static Set<String> merchants(List<RecentTransaction> txs) {
        Set<String> merchants = new HashSet<>();
        for (RecentTransaction tx : txs) {
            merchants.add(tx.merchantId());
        }
        return merchants;
    }
}

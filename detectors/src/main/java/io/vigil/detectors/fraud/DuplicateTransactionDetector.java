package io.vigil.detectors.fraud;

import static java.lang.String.format;
import static java.util.Locale.ROOT;

import io.vigil.config.RuleSpec;
import io.vigil.detectors.Finding;
import io.vigil.events.Transaction;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Fires when a card pays the same merchant the same amount twice within {@code window} under two different
 * event ids: a replayed or double-submitted payment. (The same event id twice is a redelivery, which
 * {@link CardDetection} drops before any detector runs.) Reads {@code window}.
 */
public final class DuplicateTransactionDetector implements FraudDetector {

    private final RuleSpec rule;
    private final long windowMillis;

    public DuplicateTransactionDetector(RuleSpec rule) {
        this.rule = rule;
        this.windowMillis = rule.durationParam("window").toMillis();
    }

    @Override
    public RuleSpec rule() {
        return rule;
    }

    @Override
    public long lookbackMillis() {
        return windowMillis;
    }

    @Override
    public int historyNeeded() {
        return 2;
    }

    @Override
    public Optional<Finding> evaluate(CardState state, Transaction tx, int index) {
        List<RecentTransaction> history = state.history();
        RecentTransaction current = history.get(index);
        for (int i = index - 1; i >= 0 && current.timestampMillis() - history.get(i).timestampMillis() <= windowMillis; i--) {
            if (sameCharge(history.get(i), current)) {
                return Optional.of(finding(history.get(i), current, tx));
            }
        }
        for (int i = index + 1; i < history.size() && history.get(i).timestampMillis() - current.timestampMillis() <= windowMillis; i++) {
            if (sameCharge(history.get(i), current)) {
                return Optional.of(finding(current, history.get(i), tx));
            }
        }
        return Optional.empty();
    }

    private static boolean sameCharge(RecentTransaction a, RecentTransaction b) {
        return a.amountMinor() == b.amountMinor() && a.merchantId().equals(b.merchantId());
    }

    private static Finding finding(RecentTransaction first, RecentTransaction second, Transaction tx) {
        long gapMillis = second.timestampMillis() - first.timestampMillis();
        return new Finding(tx.getEventId(), List.of(first.eventId(), second.eventId()),
                first.timestampMillis(), second.timestampMillis(),
                Map.of("amountMinor", (double) first.amountMinor(), "gapSeconds", gapMillis / 1000.0),
                format(ROOT, "Card %s paid %.2f to merchant %s twice, %.0f s apart",
                        tx.getCardId(), first.amountMinor() / 100.0, first.merchantId(), gapMillis / 1000.0));
    }
}

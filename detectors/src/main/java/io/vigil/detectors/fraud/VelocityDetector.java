package io.vigil.detectors.fraud;

import static java.lang.String.format;
import static java.util.Locale.ROOT;

import io.vigil.config.HumanFormat;
import io.vigil.config.RuleSpec;
import io.vigil.detectors.Finding;
import io.vigil.events.Transaction;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Fires when a card makes more than {@code maxCount} transactions within a sliding event-time {@code window}.
 * Reads {@code maxCount} and {@code window}.
 */
public final class VelocityDetector implements FraudDetector {

    private final RuleSpec rule;
    private final int maxCount;
    private final long windowMillis;

    public VelocityDetector(RuleSpec rule) {
        this.rule = rule;
        this.maxCount = rule.intParam("maxCount");
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
        return maxCount + 1;
    }

    @Override
    public Optional<Finding> evaluate(CardState state, Transaction tx, int index) {
        List<RecentTransaction> window = Windows.firstMatching(state.history(), index, windowMillis,
                any -> true, members -> members.size() > maxCount);
        if (window.isEmpty()) {
            return Optional.empty();
        }
        long start = window.get(0).timestampMillis();
        long end = window.get(window.size() - 1).timestampMillis();
        return Optional.of(new Finding(tx.getEventId(), Windows.eventIds(window), start, end,
                Map.of("count", (double) window.size(), "limit", (double) maxCount,
                        "windowSeconds", windowMillis / 1000.0),
                format(ROOT, "%d transactions in %s on card %s (limit %d)",
                        window.size(), HumanFormat.span(Duration.ofMillis(end - start)), tx.getCardId(), maxCount)));
    }

}

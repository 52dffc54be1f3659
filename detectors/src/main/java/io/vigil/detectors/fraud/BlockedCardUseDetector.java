package io.vigil.detectors.fraud;

import static java.lang.String.format;
import static java.util.Locale.ROOT;

import io.vigil.config.DetectorCatalog;
import io.vigil.config.RuleSet;
import io.vigil.config.RuleSpec;
import io.vigil.detectors.Alerts;
import io.vigil.detectors.Finding;
import io.vigil.events.Alert;
import io.vigil.events.EntityType;
import io.vigil.events.Transaction;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Fires when a blocked card is used: the feedback half of the reactive chain, where the card-blocker's
 * BLOCK_CARD action comes back into detection. Reads no parameters; the rule's cooldown (event time, per card)
 * spaces its alerts.
 *
 * <p>Kept apart from {@link FraudDetector} because its input is not the card's transaction history but the
 * {@link CardBlock} that the actions topic put in force, which the offline replay of a transaction log alone
 * cannot know. The alert id is derived from the transaction, so a replay names the same alert.
 */
public final class BlockedCardUseDetector {

    private final RuleSpec rule;

    public BlockedCardUseDetector(RuleSpec rule) {
        if (!DetectorCatalog.BLOCKED_CARD_USED.equals(rule.detector())) {
            throw new IllegalArgumentException("Rule " + rule.id() + " runs " + rule.detector() + ", not "
                    + DetectorCatalog.BLOCKED_CARD_USED);
        }
        this.rule = rule;
    }

    /** One detector per enabled blocked-card rule in {@code rules}, in rule order. */
    public static List<BlockedCardUseDetector> fromRules(RuleSet rules) {
        return rules.enabled().stream()
                .filter(r -> DetectorCatalog.BLOCKED_CARD_USED.equals(r.detector()))
                .map(BlockedCardUseDetector::new)
                .toList();
    }

    public RuleSpec rule() {
        return rule;
    }

    /** The alert for {@code tx} on the card {@code block} holds, unless the rule's cooldown keeps it quiet. */
    public Optional<Alert> evaluate(CardBlock block, Transaction tx) {
        long t = tx.getTimestamp().toEpochMilli();
        Long previous = block.lastAlertMillis().get(rule.id());
        if (previous != null && Math.abs(t - previous) < rule.cooldown().toMillis()) {
            return Optional.empty();
        }
        Finding finding = new Finding(tx.getEventId(), List.of(tx.getEventId()), t, t,
                Map.of("amountMinor", (double) tx.getAmountMinor(),
                        "secondsSinceBlock", (t - block.blockedAtMillis()) / 1000.0),
                format(ROOT, "card %s used for %.2f %s at %s after it was blocked (action %s%s)",
                        tx.getCardId(), tx.getAmountMinor() / 100.0, tx.getCurrency(), tx.getMerchantId(),
                        block.actionId(), block.alertId().isEmpty() ? "" : " on alert " + block.alertId()));
        return Optional.of(Alerts.open(rule, EntityType.CARD, tx.getCardId(), finding, t));
    }
}

package io.vigil.detectors.fraud;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A card the card-blocker blocked: which BLOCK_CARD action did it, for which alert, when, and when each
 * blocked-card rule last alerted on it (for that rule's cooldown).
 *
 * @param actionId        the BLOCK_CARD action that blocked the card
 * @param alertId         the alert that action answered, or empty when the action named none
 * @param blockedAtMillis the action's timestamp
 * @param lastAlertMillis per blocked-card rule id, the event time of its last alert on this card
 */
public record CardBlock(String actionId, String alertId, long blockedAtMillis, Map<String, Long> lastAlertMillis) {

    public CardBlock {
        Objects.requireNonNull(actionId, "actionId");
        Objects.requireNonNull(alertId, "alertId");
        lastAlertMillis = Map.copyOf(lastAlertMillis);
    }

    public static CardBlock of(String actionId, String alertId, long blockedAtMillis) {
        return new CardBlock(actionId, alertId == null ? "" : alertId, blockedAtMillis, Map.of());
    }

    /** The same block, remembering that {@code ruleId} alerted at {@code eventTimeMillis}. */
    public CardBlock alerted(String ruleId, long eventTimeMillis) {
        Map<String, Long> updated = new HashMap<>(lastAlertMillis);
        updated.merge(ruleId, eventTimeMillis, Math::max);
        return new CardBlock(actionId, alertId, blockedAtMillis, updated);
    }
}

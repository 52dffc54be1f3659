package io.vigil.subscribers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigil.events.Action;
import io.vigil.events.ActionType;
import io.vigil.events.AlertStatus;
import io.vigil.events.EntityType;
import io.vigil.events.Severity;

import org.junit.jupiter.api.Test;

import java.time.Instant;

/** Which alerts the card-blocker acts on, and the action it writes. */
class CardBlockerRulesTest {

    @Test
    void shouldActOnOpenCardAlertsAtOrAboveTheMinimumSeverityOnly() {
        // Then
        assertTrue(CardBlocker.eligible(Alerts.velocity("a").setSeverity(Severity.HIGH).build(), Severity.HIGH));
        assertTrue(CardBlocker.eligible(Alerts.velocity("a").setSeverity(Severity.CRITICAL).build(), Severity.HIGH));
        assertFalse(CardBlocker.eligible(Alerts.velocity("a").setSeverity(Severity.MEDIUM).build(), Severity.HIGH));
        assertTrue(CardBlocker.eligible(Alerts.velocity("a").setSeverity(Severity.MEDIUM).build(), Severity.MEDIUM));
        assertFalse(CardBlocker.eligible(Alerts.velocity("a").setStatus(AlertStatus.RESOLVED).build(), Severity.LOW));
        assertFalse(CardBlocker.eligible(Alerts.velocity("a").setEntityType(EntityType.DEVICE).build(), Severity.LOW));
        assertFalse(CardBlocker.eligible(Alerts.velocity("a").setRuleId("blocked-card-used")
                .setDetector("blocked-card-used").setSeverity(Severity.CRITICAL).build(), Severity.LOW));
    }

    @Test
    void shouldWriteOneDeterministicBlockActionWhenAnAlertIsEligible() {
        // When the same alert is answered twice, at different times
        Action first = CardBlocker.blockAction(Alerts.velocity("alert-1").build(), 1_000);
        Action again = CardBlocker.blockAction(Alerts.velocity("alert-1").build(), 2_000);

        // Then both name the same action, derived from the alert
        assertEquals(ActionIds.actionId(ActionType.BLOCK_CARD, "alert-1"), first.getActionId());
        assertEquals(first.getActionId(), again.getActionId());
        assertEquals(ActionType.BLOCK_CARD, first.getType());
        assertEquals("card-00000042", first.getEntityId());
        assertEquals("alert-1", first.getAlertId());
        assertEquals(Instant.ofEpochMilli(1_000), first.getTimestamp());
        assertEquals("card-blocker", first.getActor());
        assertEquals("velocity v1 HIGH: 6 transactions in 26 s on card card-00000042 (limit 5)", first.getReason());
    }

    @Test
    void shouldUseOneStableIdForTransactionsAndGroupMembershipWhenInstanceIsNamed() {
        // Given
        CardBlocker.Settings settings = new CardBlocker.Settings("alerts", "actions", "dlq", Severity.HIGH,
                "vigil-card-blocker", "2");

        // Then
        assertEquals("vigil-card-blocker-2", settings.transactionalId());
        assertEquals("vigil-card-blocker-2", CardBlocker.consumerProperties(java.util.Map.of(), settings)
                .get("group.instance.id"));
        assertEquals("read_committed", CardBlocker.consumerProperties(java.util.Map.of(), settings)
                .get("isolation.level"));
        assertEquals("vigil-card-blocker-2", CardBlocker.producerProperties(java.util.Map.of(), settings)
                .get("transactional.id"));
    }
}

package io.vigil.runtime.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.vigil.events.Action;
import io.vigil.events.ActionType;
import io.vigil.events.Alert;
import io.vigil.events.AlertStatus;
import io.vigil.events.EntityType;
import io.vigil.events.Label;
import io.vigil.events.LabelVerdict;
import io.vigil.events.Severity;

import org.junit.jupiter.api.Test;

import java.time.Instant;

/** The analyst's events name themselves after the request: a retry names the same event, a new request another. */
class AnalystActionsTest {

    private static final Instant NOW = Instant.parse("2026-01-02T03:04:05Z");

    @Test
    void shouldNameTheSameUnblockWhenTheRequestIsRetried() {
        // When the same request is made twice, and then a new one
        Action first = AnalystActions.unblockAction("card-1", "req-1", "console", "why", NOW);
        Action retry = AnalystActions.unblockAction("card-1", "req-1", "console", "why", NOW.plusSeconds(3));
        Action another = AnalystActions.unblockAction("card-1", "req-2", "console", "why", NOW);

        // Then the retry has the first one's id, the new request its own
        assertEquals(first.getActionId(), retry.getActionId());
        assertNotEquals(first.getActionId(), another.getActionId());
        assertEquals(ActionType.UNBLOCK_CARD, first.getType());
        assertEquals(EntityType.CARD, first.getEntityType());
        assertEquals("card-1", first.getEntityId());
    }

    @Test
    void shouldCarryTheAlertsRuleWhenAnAlertIsLabelled() {
        // When an alert is labelled, and the same request repeated
        Label label = AnalystActions.label(alert(), LabelVerdict.LEGIT, "req-1", "cli:ana", "known traveller", NOW);
        Label retry = AnalystActions.label(alert(), LabelVerdict.LEGIT, "req-1", "cli:ana", "known traveller", NOW);

        // Then the label names the alert's rule, version and entity, and the retry is the same label
        assertEquals("alert-9", label.getAlertId());
        assertEquals("impossible-travel", label.getRuleId());
        assertEquals(3, label.getRuleVersion());
        assertEquals("card-7", label.getEntityId());
        assertEquals(label.getLabelId(), retry.getLabelId());
        assertNotEquals(label.getLabelId(),
                AnalystActions.label(alert(), LabelVerdict.FRAUD, "req-1", "cli:ana", "", NOW).getLabelId());
    }

    private static Alert alert() {
        return Alert.newBuilder().setAlertId("alert-9").setRuleId("impossible-travel").setRuleVersion(3)
                .setDetector("impossible-travel").setEntityType(EntityType.CARD).setEntityId("card-7")
                .setSeverity(Severity.CRITICAL).setStatus(AlertStatus.OPEN).setResolvesAlertId(null)
                .setEventTimestamp(NOW).setWindowStart(NOW).setWindowEnd(NOW).setExplanation("far too fast").build();
    }
}

package io.vigil.subscribers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vigil.events.Action;
import io.vigil.events.ActionType;
import io.vigil.events.EntityType;
import io.vigil.events.Incident;
import io.vigil.events.Severity;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

/** What a webhook, a file or a terminal receives for each kind of item. */
class NotificationTest {

    @Test
    void shouldRenderAlertAsOneJsonDocumentWhenNotified() {
        // When
        Notification notification = Notification.of(Alerts.velocity("a-1").build());

        // Then
        assertEquals("alert:a-1", notification.key());
        assertEquals("{\"kind\":\"alert\",\"id\":\"a-1\",\"entityType\":\"CARD\",\"entityId\":\"card-00000042\","
                + "\"severity\":\"HIGH\",\"occurredAt\":\"2025-03-14T09:00:26.250Z\","
                + "\"summary\":\"velocity v1: 6 transactions in 26 s on card card-00000042 (limit 5)\","
                + "\"details\":{\"ruleId\":\"velocity\",\"ruleVersion\":1,\"detector\":\"velocity\","
                + "\"status\":\"OPEN\",\"eventTime\":\"2025-03-14T09:00:26.250Z\","
                + "\"triggeringEventIds\":[\"e1\",\"e2\"],\"features\":{\"count\":6.0}}}", notification.toJson());
    }

    @Test
    void shouldKeyIncidentsAndActionsByTheirOwnIdsWhenNotified() {
        // Given
        Incident incident = Incident.newBuilder().setIncidentId("i-1").setEntityType(EntityType.CARD)
                .setEntityId("card-1").setSeverity(Severity.CRITICAL).setAlertIds(List.of("a-1", "a-2"))
                .setRuleIds(List.of("velocity")).setWindowStart(Instant.EPOCH).setWindowEnd(Instant.ofEpochSecond(60))
                .setExplanation("2 alerts on CARD card-1 within 60 s: velocity").build();
        Action action = Action.newBuilder().setActionId("x-1").setType(ActionType.BLOCK_CARD)
                .setEntityType(EntityType.CARD).setEntityId("card-1").setAlertId("a-1")
                .setTimestamp(Instant.ofEpochSecond(61)).setActor("card-blocker").setReason("r").build();

        // Then
        assertEquals("incident:i-1", Notification.of(incident).key());
        assertEquals(60_000, Notification.of(incident).occurredAtMillis());
        assertEquals("action:x-1", Notification.of(action).key());
        assertEquals("card-blocker BLOCK_CARD card-1", Notification.of(action).summary());
    }
}

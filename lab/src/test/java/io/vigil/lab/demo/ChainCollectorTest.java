package io.vigil.lab.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigil.config.TopicNames;
import io.vigil.events.Action;
import io.vigil.events.ActionType;
import io.vigil.events.Alert;
import io.vigil.events.EntityType;
import io.vigil.events.Incident;
import io.vigil.events.Severity;
import io.vigil.serdes.testkit.Events;
import io.vigil.subscribers.ActionIds;
import io.vigil.subscribers.CardBlocker;
import io.vigil.subscribers.Notification;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The chain collector's bookkeeping, fed directly (its consumer is never started, so no broker is needed). */
class ChainCollectorTest {

    private static final Instant T0 = Instant.parse("2026-11-23T12:00:00Z");
    private final ChainCollector collector = new ChainCollector(
            Map.of("bootstrap.servers", "127.0.0.1:1", "schema.registry.url", "mock://chain-collector-test"),
            new TopicNames("t", "tel", "r", "a", "i", "act", "dlq", Optional.empty(), 1, (short) 1),
            Severity.HIGH, Clock.fixed(T0, ZoneOffset.UTC));

    @AfterEach
    void close() {
        collector.close();
    }

    @Test
    void shouldReportACleanChainWhenEveryEligibleAlertHasOneActionAndEveryItemOneNotification() {
        // Given an eligible alert, an ineligible one, the action for the first and an incident
        Alert high = alert("a1", Severity.HIGH);
        Alert medium = alert("a2", Severity.MEDIUM);
        Action block = CardBlocker.blockAction(high, T0.toEpochMilli());
        Incident incident = incident("i1");
        collector.alert(high);
        collector.alert(medium);
        collector.action(block);
        collector.incident(incident);

        // When each is notified once
        collector.deliver(Notification.of(high));
        collector.deliver(Notification.of(medium));
        collector.deliver(Notification.of(block));
        collector.deliver(Notification.of(incident));

        // Then
        assertEquals(new ChainSummary(2, 1, 1, 0, 0, 0, 1, 0, 4, 4, 0, 0, 0.0, 0.0, "HIGH"), collector.summary());
        assertTrue(collector.summary().clean());
        assertTrue(collector.settled());
    }

    @Test
    void shouldCountMissingAndRepeatedWorkWhenStagesMissOrRepeat() {
        // Given two eligible alerts: one without an action, one whose action record arrived twice
        Alert first = alert("a1", Severity.CRITICAL);
        Alert second = alert("a2", Severity.HIGH);
        Action block = CardBlocker.blockAction(first, T0.toEpochMilli());
        collector.alert(first);
        collector.alert(second);
        collector.action(block);
        collector.action(block);

        // When one alert is notified twice and nothing else
        collector.deliver(Notification.of(first));
        collector.deliver(Notification.of(first));

        // Then a missing and a duplicate action, two missing and one duplicate notification
        ChainSummary summary = collector.summary();
        assertEquals(1, summary.missingActions());
        assertEquals(1, summary.duplicateActions());
        assertEquals(2, summary.missingNotifications());
        assertEquals(1, summary.duplicateNotifications());
        assertFalse(summary.clean());
        assertFalse(collector.settled());
        assertEquals(ActionIds.actionId(ActionType.BLOCK_CARD, "a1"), block.getActionId());
        assertEquals(List.of("alerts", "eligibleAlerts", "minSeverity", "actions", "missingActions", "duplicateActions",
                "unexpectedActions", "incidents", "blockedCardAlerts", "notifications", "expectedNotifications",
                "missingNotifications", "duplicateNotifications", "latencyMsP50", "latencyMsP99"),
                List.copyOf(summary.toJson().keySet()));
    }

    @Test
    void shouldExpectTheNotificationOfAnAnalystsUnblockWithoutCountingItAsABlockWhenACardIsUnblocked() {
        // Given an eligible alert, its block, and an analyst's unblock of the same card
        Alert high = alert("a1", Severity.HIGH);
        Action block = CardBlocker.blockAction(high, T0.toEpochMilli());
        Action unblock = Action.newBuilder(block).setActionId("unblock-1").setType(ActionType.UNBLOCK_CARD)
                .setAlertId(null).build();
        collector.alert(high);
        collector.action(block);
        collector.action(unblock);

        // When the alert and both actions are notified once each
        collector.deliver(Notification.of(high));
        collector.deliver(Notification.of(block));
        collector.deliver(Notification.of(unblock));

        // Then all three notifications were expected, and the unblock is neither a block nor unexpected
        ChainSummary summary = collector.summary();
        assertEquals(1, summary.actions());
        assertEquals(0, summary.unexpectedActions());
        assertEquals(3, summary.expectedNotifications());
        assertEquals(0, summary.missingNotifications());
        assertTrue(summary.clean(), summary::toString);
    }

    private static Alert alert(String id, Severity severity) {
        return Events.anAlert().id(id).card("card-" + id).severity(severity).at(T0).explanation("x").build();
    }

    private static Incident incident(String id) {
        return Incident.newBuilder().setIncidentId(id).setEntityType(EntityType.CARD).setEntityId("card-a1")
                .setSeverity(Severity.HIGH).setAlertIds(List.of("a1")).setRuleIds(List.of("velocity"))
                .setWindowStart(T0).setWindowEnd(T0).setExplanation("x").build();
    }
}

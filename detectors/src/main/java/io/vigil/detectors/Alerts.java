package io.vigil.detectors;

import io.vigil.config.RuleSpec;
import io.vigil.events.Alert;
import io.vigil.events.AlertStatus;
import io.vigil.events.EntityType;
import io.vigil.events.Severity;

import java.time.Instant;

/** Turns a detector's {@link Finding} into the {@link Alert} record that goes on the alerts topic. */
public final class Alerts {

    private Alerts() {
    }

    public static Alert open(RuleSpec rule, EntityType entityType, String entityId, Finding finding, long eventTimeMillis) {
        return build(AlertIds.alertId(rule.id(), entityId, finding.episodeEventId()), AlertStatus.OPEN, null,
                rule, entityType, entityId, finding, eventTimeMillis);
    }

    /**
     * The RESOLVED alert that closes the OPEN alert {@code openAlertId}. Its id is derived from the OPEN's
     * ({@link AlertIds#resolutionId(String)}), so an episode has exactly one resolution however often a replay
     * computes it; the finding describes what ended the episode.
     */
    public static Alert resolved(RuleSpec rule, EntityType entityType, String entityId, String openAlertId,
                                 Finding finding, long eventTimeMillis) {
        return build(AlertIds.resolutionId(openAlertId), AlertStatus.RESOLVED, openAlertId,
                rule, entityType, entityId, finding, eventTimeMillis);
    }

    private static Alert build(String alertId, AlertStatus status, String resolvesAlertId, RuleSpec rule,
                               EntityType entityType, String entityId, Finding finding, long eventTimeMillis) {
        return Alert.newBuilder()
                .setAlertId(alertId)
                .setRuleId(rule.id())
                .setRuleVersion(rule.version())
                .setDetector(rule.detector())
                .setEntityType(entityType)
                .setEntityId(entityId)
                .setSeverity(Severity.valueOf(rule.severity()))
                .setStatus(status)
                .setResolvesAlertId(resolvesAlertId)
                .setEventTimestamp(Instant.ofEpochMilli(eventTimeMillis))
                .setWindowStart(Instant.ofEpochMilli(finding.windowStartMillis()))
                .setWindowEnd(Instant.ofEpochMilli(finding.windowEndMillis()))
                .setTriggeringEventIds(finding.triggeringEventIds())
                .setFeatures(finding.features())
                .setExplanation(finding.explanation())
                .build();
    }
}

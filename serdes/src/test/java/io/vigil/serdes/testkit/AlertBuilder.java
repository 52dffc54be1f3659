package io.vigil.serdes.testkit;

import io.vigil.events.Alert;
import io.vigil.events.AlertStatus;
import io.vigil.events.EntityType;
import io.vigil.events.Severity;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * An {@link Alert} as input to what consumes alerts (escalation, subscribers, the demo's collector), with sensible
 * defaults (see {@link Events#anAlert()}). Tests of what a detector emits spell their expected alert out in full.
 */
public final class AlertBuilder {

    private String alertId = "alert-1";
    private String ruleId = "velocity";
    private int ruleVersion = 1;
    private String detector = "velocity";
    private EntityType entityType = EntityType.CARD;
    private String entityId = "card-1";
    private Severity severity = Severity.HIGH;
    private AlertStatus status = AlertStatus.OPEN;
    private String resolvesAlertId;
    private Instant eventTimestamp = Events.T0;
    private Instant windowStart = Events.T0;
    private Instant windowEnd = Events.T0;
    private List<String> triggeringEventIds = List.of();
    private Map<String, Double> features = Map.of();
    private String explanation = "test";

    AlertBuilder() {
    }

    public AlertBuilder id(String alertId) {
        this.alertId = alertId;
        return this;
    }

    /** The rule, and the detector of the same name (Vigil's default rules are named after their detector). */
    public AlertBuilder rule(String ruleId) {
        this.ruleId = ruleId;
        this.detector = ruleId;
        return this;
    }

    public AlertBuilder version(int ruleVersion) {
        this.ruleVersion = ruleVersion;
        return this;
    }

    public AlertBuilder detector(String detector) {
        this.detector = detector;
        return this;
    }

    public AlertBuilder entity(EntityType entityType, String entityId) {
        this.entityType = entityType;
        this.entityId = entityId;
        return this;
    }

    public AlertBuilder card(String cardId) {
        return entity(EntityType.CARD, cardId);
    }

    public AlertBuilder device(String deviceId) {
        return entity(EntityType.DEVICE, deviceId);
    }

    public AlertBuilder severity(Severity severity) {
        this.severity = severity;
        return this;
    }

    public AlertBuilder status(AlertStatus status) {
        this.status = status;
        return this;
    }

    /** A RESOLVED alert closing {@code openAlertId}. */
    public AlertBuilder resolving(String openAlertId) {
        this.status = AlertStatus.RESOLVED;
        this.resolvesAlertId = openAlertId;
        return this;
    }

    /** When the event that fired it happened; the window is that instant alone unless {@link #window} says more. */
    public AlertBuilder at(Instant eventTimestamp) {
        this.eventTimestamp = eventTimestamp;
        this.windowStart = eventTimestamp;
        this.windowEnd = eventTimestamp;
        return this;
    }

    public AlertBuilder window(Instant start, Instant end) {
        this.windowStart = start;
        this.windowEnd = end;
        return this;
    }

    public AlertBuilder triggeredBy(List<String> eventIds) {
        this.triggeringEventIds = eventIds;
        return this;
    }

    public AlertBuilder features(Map<String, Double> features) {
        this.features = features;
        return this;
    }

    public AlertBuilder explanation(String explanation) {
        this.explanation = explanation;
        return this;
    }

    public Alert build() {
        return Alert.newBuilder()
                .setAlertId(alertId)
                .setRuleId(ruleId)
                .setRuleVersion(ruleVersion)
                .setDetector(detector)
                .setEntityType(entityType)
                .setEntityId(entityId)
                .setSeverity(severity)
                .setStatus(status)
                .setResolvesAlertId(resolvesAlertId)
                .setEventTimestamp(eventTimestamp)
                .setWindowStart(windowStart)
                .setWindowEnd(windowEnd)
                .setTriggeringEventIds(triggeringEventIds)
                .setFeatures(features)
                .setExplanation(explanation)
                .build();
    }
}

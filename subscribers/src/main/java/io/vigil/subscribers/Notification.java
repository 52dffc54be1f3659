package io.vigil.subscribers;

import io.vigil.events.Action;
import io.vigil.events.Alert;
import io.vigil.events.Incident;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One thing the notifier tells someone about: an alert, an incident or an action, flattened into the JSON a
 * webhook receives, a file line or a terminal line.
 *
 * @param kind             {@code alert}, {@code incident} or {@code action}
 * @param id               the item's own id ({@code alertId}, {@code incidentId}, {@code actionId})
 * @param occurredAtMillis when the item happened: an alert's event time, an incident's last alert, an action's time
 * @param summary          one line for a person
 * @param details          the item's fields, for machines
 */
public record Notification(String kind, String id, String entityType, String entityId, String severity,
                           long occurredAtMillis, String summary, Map<String, Object> details) {

    public static final String ALERT = "alert";
    public static final String INCIDENT = "incident";
    public static final String ACTION = "action";

    private static final ObjectMapper JSON = new ObjectMapper();

    public Notification {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(id, "id");
        // Insertion order kept: the JSON reads in the order the fields were put.
        details = Collections.unmodifiableMap(new LinkedHashMap<>(details));
    }

    /**
     * What makes a notification unique: the kind and the id. Ids of different kinds come from different name
     * spaces, so an alert and an action never collide.
     */
    public String key() {
        return kind + ":" + id;
    }

    public static Notification of(Alert alert) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("ruleId", alert.getRuleId());
        details.put("ruleVersion", alert.getRuleVersion());
        details.put("detector", alert.getDetector());
        details.put("status", alert.getStatus().name());
        if (alert.getResolvesAlertId() != null) {
            details.put("resolvesAlertId", alert.getResolvesAlertId());
        }
        details.put("eventTime", alert.getEventTimestamp().toString());
        details.put("triggeringEventIds", List.copyOf(alert.getTriggeringEventIds()));
        details.put("features", new TreeMap<>(alert.getFeatures()));
        return new Notification(ALERT, alert.getAlertId(), alert.getEntityType().name(), alert.getEntityId(),
                alert.getSeverity().name(), alert.getEventTimestamp().toEpochMilli(),
                alert.getRuleId() + " v" + alert.getRuleVersion()
                        + (alert.getStatus().name().equals("RESOLVED") ? " resolved: " : ": ") + alert.getExplanation(),
                details);
    }

    public static Notification of(Incident incident) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("alertIds", List.copyOf(incident.getAlertIds()));
        details.put("ruleIds", List.copyOf(incident.getRuleIds()));
        details.put("windowStart", incident.getWindowStart().toString());
        details.put("windowEnd", incident.getWindowEnd().toString());
        return new Notification(INCIDENT, incident.getIncidentId(), incident.getEntityType().name(),
                incident.getEntityId(), incident.getSeverity().name(), incident.getWindowEnd().toEpochMilli(),
                "incident: " + incident.getExplanation(), details);
    }

    public static Notification of(Action action) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("type", action.getType().name());
        if (action.getAlertId() != null) {
            details.put("alertId", action.getAlertId());
        }
        details.put("actor", action.getActor());
        details.put("reason", action.getReason());
        details.put("time", action.getTimestamp().toString());
        return new Notification(ACTION, action.getActionId(), action.getEntityType().name(), action.getEntityId(),
                null, action.getTimestamp().toEpochMilli(),
                action.getActor() + " " + action.getType() + " " + action.getEntityId(), details);
    }

    /** The JSON document a webhook receives and a file or terminal line holds. */
    public String toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("kind", kind);
        json.put("id", id);
        json.put("entityType", entityType);
        json.put("entityId", entityId);
        if (severity != null) {
            json.put("severity", severity);
        }
        json.put("occurredAt", Instant.ofEpochMilli(occurredAtMillis).toString());
        json.put("summary", summary);
        json.put("details", details);
        try {
            return JSON.writeValueAsString(json);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package io.vigil.topology;

import static io.vigil.topology.PendingAlerts.Pending;

import io.vigil.config.EscalationSettings;
import io.vigil.config.HumanFormat;
import io.vigil.detectors.AlertIds;
import io.vigil.events.Alert;
import io.vigil.events.AlertStatus;
import io.vigil.events.Incident;
import io.vigil.events.Severity;

import io.micrometer.core.instrument.Counter;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Opens an incident when one entity collects {@code alerts} OPEN alerts whose event times lie within
 * {@code window} of each other. The alerts that opened it are then spent: the next incident on the entity needs
 * {@code alerts} new ones, so a long attack produces a series of incidents rather than one per further alert.
 *
 * <p>The incident id is derived from the entity and the ids of the alerts that opened it
 * ({@link AlertIds#incidentId}), and the alerts arrive in the order the detection tasks committed them, so a
 * replay opens the same incidents with the same ids. RESOLVED alerts end episodes and never escalate; an alert id
 * seen twice counts once.
 */
final class EscalationProcessor implements Processor<String, Alert, String, Incident> {

    private final EscalationSettings settings;
    private final Counter incidents;
    private final Optional<IdleSweep.Settings> expiry;
    private final Counter expired;
    private ProcessorContext<String, Incident> context;
    private KeyValueStore<String, byte[]> store;

    EscalationProcessor(EscalationSettings settings, Counter incidents, Optional<IdleSweep.Settings> expiry,
                        Counter expired) {
        this.settings = settings;
        this.incidents = incidents;
        this.expiry = expiry;
        this.expired = expired;
    }

    @Override
    public void init(ProcessorContext<String, Incident> context) {
        this.context = context;
        this.store = context.getStateStore(EscalationTopology.ESCALATION_STORE);
        expiry.ifPresent(sweep -> {
            IdleSweep<byte[]> idle = new IdleSweep<>(store, bytes -> PendingAlerts.decode(bytes).newestMillis(),
                    sweep.ttl().toMillis(), sweep.batch(), (key, value) -> { }, expired);
            context.schedule(sweep.interval(), sweep.type(), idle::sweep);
        });
    }

    @Override
    public void process(Record<String, Alert> record) {
        Alert alert = record.value();
        if (alert == null) {
            // Thrown, not skipped: the processing exception handler sends it to the DLQ with this message.
            throw new IllegalArgumentException("Alert record without value");
        }
        if (alert.getStatus() != AlertStatus.OPEN) {
            return;
        }
        // Card and device ids live in separate name spaces; the state key keeps them apart.
        String key = alert.getEntityType() + ":" + alert.getEntityId();
        byte[] stored = store.get(key);
        PendingAlerts pending = stored == null ? PendingAlerts.empty() : PendingAlerts.decode(stored);
        if (pending.contains(alert.getAlertId())) {
            return;
        }
        pending.add(new Pending(alert.getAlertId(), alert.getRuleId(), alert.getEventTimestamp().toEpochMilli(),
                alert.getSeverity().ordinal()));
        pending.keepWithin(settings.window().toMillis());
        if (pending.size() >= settings.alerts()) {
            store.delete(key);
            incidents.increment();
            context.forward(new Record<>(alert.getEntityId(), incident(alert, pending.entries()), record.timestamp()));
        } else {
            store.put(key, pending.encode());
        }
    }

    private static Incident incident(Alert last, List<Pending> alerts) {
        List<String> alertIds = alerts.stream().map(Pending::alertId).toList();
        Set<String> ruleIds = new LinkedHashSet<>();
        alerts.forEach(p -> ruleIds.add(p.ruleId()));
        int severity = alerts.stream().mapToInt(Pending::severity).max().orElse(Severity.MEDIUM.ordinal());
        long start = alerts.get(0).eventMillis();
        long end = alerts.get(alerts.size() - 1).eventMillis();
        String entity = last.getEntityType().name();
        return Incident.newBuilder()
                .setIncidentId(AlertIds.incidentId(entity, last.getEntityId(), alertIds))
                .setEntityType(last.getEntityType())
                .setEntityId(last.getEntityId())
                .setSeverity(Severity.values()[severity])
                .setAlertIds(alertIds)
                .setRuleIds(new ArrayList<>(ruleIds))
                .setWindowStart(Instant.ofEpochMilli(start))
                .setWindowEnd(Instant.ofEpochMilli(end))
                .setExplanation(String.format(Locale.ROOT, "%d alerts on %s %s within %s: %s", alerts.size(),
                        entity, last.getEntityId(), HumanFormat.span(Duration.ofMillis(end - start)), String.join(", ", ruleIds)))
                .build();
    }

}

package io.vigil.topology;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.vigil.events.Alert;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Vigil's own meters for one detection topology: events by what happened to them, and alerts by rule and
 * severity. Counters are resolved once and cached, because a registry lookup per event would cost more
 * than the increment.
 */
public final class DetectionMetrics {

    public static final String EVENTS = "vigil.events";
    public static final String ALERTS = "vigil.alerts";

    private final MeterRegistry registry;
    private final String topology;
    private final Counter accepted;
    private final Counter late;
    private final Counter duplicate;
    private final ConcurrentMap<String, Counter> alerts = new ConcurrentHashMap<>();

    public DetectionMetrics(MeterRegistry registry, String topology) {
        this.registry = registry;
        this.topology = topology;
        this.accepted = events("accepted");
        this.late = events("late");
        this.duplicate = events("duplicate");
    }

    private Counter events(String disposition) {
        return Counter.builder(EVENTS)
                .description("Input events by what detection did with them: accepted, late (beyond grace), duplicate (same eventId again)")
                .tags(Tags.of("topology", topology, "disposition", disposition))
                .register(registry);
    }

    public void accepted() {
        accepted.increment();
    }

    public void late() {
        late.increment();
    }

    public void duplicate() {
        duplicate.increment();
    }

    public void alert(Alert alert) {
        String key = alert.getRuleId() + '/' + alert.getSeverity() + '/' + alert.getStatus();
        alerts.computeIfAbsent(key, k -> Counter.builder(ALERTS)
                .description("Alerts emitted, by rule, severity and status")
                .tags(Tags.of("topology", topology, "rule", alert.getRuleId(),
                        "severity", alert.getSeverity().name(), "status", alert.getStatus().name()))
                .register(registry)).increment();
    }
}

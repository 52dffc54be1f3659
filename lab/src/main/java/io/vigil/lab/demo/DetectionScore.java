package io.vigil.lab.demo;

import io.vigil.config.DetectorCatalog;
import io.vigil.events.Alert;
import io.vigil.events.AlertStatus;
import io.vigil.loadgen.Injection;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Scores alerts against the generator's ground truth.
 *
 * <p>An injection is detected when an OPEN alert of the detector named by its pattern fired on the injection's
 * entity and names at least one of the injection's events (or, for an alert that names none of them, fired on
 * that entity within a minute of the injection: devices take a new fault only after a long rest). An OPEN alert that detects no injection
 * is a false alert. Injections that expect no alert (a replayed event id) count as failed if any alert fires
 * on their entity. RESOLVED alerts close episodes and are not scored.
 */
public final class DetectionScore {

    private static final java.time.Duration SLACK = java.time.Duration.ofMinutes(1);

    /** Per pattern: how many were injected and how many of those were detected. */
    public record PatternScore(long injected, long detected) {
        public double recall() {
            return injected == 0 ? Double.NaN : (double) detected / injected;
        }
    }

    private final Map<String, PatternScore> patterns;
    private final long openAlerts;
    private final long falseAlerts;
    private final long quietInjections;
    private final long quietViolations;

    private DetectionScore(Map<String, PatternScore> patterns, long openAlerts, long falseAlerts,
                           long quietInjections, long quietViolations) {
        this.patterns = patterns;
        this.openAlerts = openAlerts;
        this.falseAlerts = falseAlerts;
        this.quietInjections = quietInjections;
        this.quietViolations = quietViolations;
    }

    public static DetectionScore score(Collection<Injection> injections, Collection<Alert> alerts) {
        Map<String, List<Alert>> openByEntity = new HashMap<>();
        long open = 0;
        for (Alert alert : alerts) {
            // Blocked-card alerts answer the card-blocker's actions, not an injected pattern: not scored here.
            if (alert.getStatus() == AlertStatus.OPEN && !DetectorCatalog.BLOCKED_CARD_USED.equals(alert.getDetector())) {
                openByEntity.computeIfAbsent(alert.getEntityId(), k -> new ArrayList<>()).add(alert);
                open++;
            }
        }
        Map<String, long[]> counts = new TreeMap<>();
        Set<String> explained = new HashSet<>();
        long quiet = 0;
        long quietViolations = 0;
        for (Injection injection : injections) {
            List<Alert> onEntity = openByEntity.getOrDefault(injection.entityId(), List.of());
            if (injection.expectedAlerts() == 0) {
                quiet++;
                if (!onEntity.isEmpty()) {
                    quietViolations++;
                }
                continue;
            }
            long[] c = counts.computeIfAbsent(injection.pattern(), k -> new long[2]);
            c[0]++;
            boolean detected = false;
            for (Alert alert : onEntity) {
                if (matches(injection, alert)) {
                    explained.add(alert.getAlertId());
                    detected = true;
                }
            }
            if (detected) {
                c[1]++;
            }
        }
        Map<String, PatternScore> patterns = new TreeMap<>();
        counts.forEach((pattern, c) -> patterns.put(pattern, new PatternScore(c[0], c[1])));
        return new DetectionScore(patterns, open, open - explained.size(), quiet, quietViolations);
    }

    /**
     * Whether {@code alert} detected {@code injection}: the detector the pattern targets, naming one of the
     * injection's events (or naming none, for alerts such as silence). The entity is the caller's to check.
     */
    public static boolean matches(Injection injection, Alert alert) {
        if (!alert.getDetector().equals(injection.pattern())) {
            return false;
        }
        for (String id : alert.getTriggeringEventIds()) {
            if (injection.eventIds().contains(id)) {
                return true;
            }
        }
        java.time.Instant at = alert.getEventTimestamp();
        return !at.isBefore(injection.firstEventTime().minus(SLACK)) && !at.isAfter(injection.lastEventTime().plus(SLACK));
    }

    public Map<String, PatternScore> patterns() {
        return patterns;
    }

    public long openAlerts() {
        return openAlerts;
    }

    /** OPEN alerts that no injection explains. */
    public long falseAlerts() {
        return falseAlerts;
    }

    /** Share of OPEN alerts that detected an injection; 1.0 when there were no alerts at all. */
    public double precision() {
        return openAlerts == 0 ? 1.0 : (double) (openAlerts - falseAlerts) / openAlerts;
    }

    /** Detected over injected, over every pattern that expects an alert. */
    public double recall() {
        long injected = patterns.values().stream().mapToLong(PatternScore::injected).sum();
        long detected = patterns.values().stream().mapToLong(PatternScore::detected).sum();
        return injected == 0 ? Double.NaN : (double) detected / injected;
    }

    /** Injections that must raise no alert (replays). */
    public long quietInjections() {
        return quietInjections;
    }

    /** Of those, how many raised an alert anyway. */
    public long quietViolations() {
        return quietViolations;
    }
}

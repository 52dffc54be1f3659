package io.vigil.lab.demo;

import io.vigil.config.DetectorCatalog;
import io.vigil.events.Alert;
import io.vigil.events.AlertStatus;
import io.vigil.loadgen.Confounder;
import io.vigil.loadgen.Injection;

import java.time.Duration;
import java.time.Instant;
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
 * that entity within a minute of the injection: devices take a new fault only after a long rest). Every OPEN alert
 * that detects an injection is explained; more than one on the same injection are counted as repeated (explained,
 * but noise for the analyst). An OPEN alert that detects no injection is a false alert, charged to its detector:
 * so each detector has its own precision (explained over raised) beside its pattern's recall (detected over
 * injected). Injections that expect two alerts (an episode: OPEN, then RESOLVED) count as missing a RESOLVED alert
 * when they were detected but no RESOLVED alert of their detector matches them.
 *
 * <p>Confounders (legitimate look-alike behaviour, {@link Confounder}) expect no alert: every alert on one is a
 * false alert, and the confounder counts as having fooled a rule. Replays expect no alert either; they count as
 * failed if any alert fires on their entity. Blocked-card alerts answer the card-blocker's actions, not an injected
 * pattern, and are not scored.
 */
public final class DetectionScore {

    private static final Duration SLACK = Duration.ofMinutes(1);

    /**
     * One pattern (named after its detector): its injections and the detector's OPEN alerts.
     *
     * @param injected        injections of the pattern that expect an alert
     * @param detected        of those, how many an OPEN alert of the detector matched
     * @param alerts          OPEN alerts the detector raised, on any entity
     * @param falseAlerts     of those, how many matched no injection
     * @param repeatedAlerts  OPEN alerts beyond the first on one injection
     * @param missingResolved detected episode injections (OPEN and RESOLVED expected) without a RESOLVED alert
     */
    public record PatternScore(long injected, long detected, long alerts, long falseAlerts, long repeatedAlerts,
                               long missingResolved) {

        /** Injected and detected only, for a pattern whose detector raised nothing else. */
        public PatternScore(long injected, long detected) {
            this(injected, detected, detected, 0, 0, 0);
        }

        public double recall() {
            return injected == 0 ? Double.NaN : (double) detected / injected;
        }

        /** Explained alerts over raised; NaN when the detector raised none. */
        public double precision() {
            return alerts == 0 ? Double.NaN : (double) (alerts - falseAlerts) / alerts;
        }
    }

    /** One confounder kind: episodes played, how many drew at least one alert, and the alerts they drew. */
    public record ConfounderScore(long played, long alerted, long alerts) {
    }

    private final Map<String, PatternScore> patterns;
    private final Map<String, ConfounderScore> confounders;
    private final long openAlerts;
    private final long falseAlerts;
    private final long quietInjections;
    private final long quietViolations;

    private DetectionScore(Map<String, PatternScore> patterns, Map<String, ConfounderScore> confounders,
                           long openAlerts, long falseAlerts, long quietInjections, long quietViolations) {
        this.patterns = patterns;
        this.confounders = confounders;
        this.openAlerts = openAlerts;
        this.falseAlerts = falseAlerts;
        this.quietInjections = quietInjections;
        this.quietViolations = quietViolations;
    }

    public static DetectionScore score(Collection<Injection> injections, Collection<Alert> alerts) {
        Map<String, List<Alert>> openByEntity = new HashMap<>();
        Map<String, List<Alert>> resolvedByEntity = new HashMap<>();
        Map<String, long[]> counts = new TreeMap<>();
        long open = 0;
        for (Alert alert : alerts) {
            if (DetectorCatalog.BLOCKED_CARD_USED.equals(alert.getDetector())) {
                continue;
            }
            if (alert.getStatus() == AlertStatus.OPEN) {
                openByEntity.computeIfAbsent(alert.getEntityId(), k -> new ArrayList<>()).add(alert);
                counts.computeIfAbsent(alert.getDetector(), k -> new long[6])[2]++;
                open++;
            } else {
                resolvedByEntity.computeIfAbsent(alert.getEntityId(), k -> new ArrayList<>()).add(alert);
            }
        }
        Set<String> explained = new HashSet<>();
        Map<String, long[]> confounded = new TreeMap<>();
        long quiet = 0;
        long quietViolations = 0;
        for (Injection injection : injections) {
            List<Alert> onEntity = openByEntity.getOrDefault(injection.entityId(), List.of());
            if (Confounder.isConfounder(injection.pattern())) {
                long[] c = confounded.computeIfAbsent(injection.pattern(), k -> new long[3]);
                c[0]++;
                c[1] += onEntity.isEmpty() ? 0 : 1;
                c[2] += onEntity.size();
                continue;
            }
            if (injection.expectedAlerts() == 0) {
                quiet++;
                quietViolations += onEntity.isEmpty() ? 0 : 1;
                continue;
            }
            long[] c = counts.computeIfAbsent(injection.pattern(), k -> new long[6]);
            c[0]++;
            List<Alert> matched = onEntity.stream().filter(alert -> matches(injection, alert)).toList();
            matched.forEach(alert -> explained.add(alert.getAlertId()));
            if (!matched.isEmpty()) {
                c[1]++;
                c[4] += matched.size() - 1;
                boolean resolved = resolvedByEntity.getOrDefault(injection.entityId(), List.of()).stream()
                        .anyMatch(alert -> matches(injection, alert));
                c[5] += injection.expectedAlerts() >= 2 && !resolved ? 1 : 0;
            }
        }
        for (List<Alert> onEntity : openByEntity.values()) {
            for (Alert alert : onEntity) {
                if (!explained.contains(alert.getAlertId())) {
                    counts.get(alert.getDetector())[3]++;
                }
            }
        }
        Map<String, PatternScore> patterns = new TreeMap<>();
        counts.forEach((pattern, c) -> patterns.put(pattern, new PatternScore(c[0], c[1], c[2], c[3], c[4], c[5])));
        Map<String, ConfounderScore> confounders = new TreeMap<>();
        confounded.forEach((kind, c) -> confounders.put(kind, new ConfounderScore(c[0], c[1], c[2])));
        return new DetectionScore(patterns, confounders, open, open - explained.size(), quiet, quietViolations);
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
        Instant at = alert.getEventTimestamp();
        return !at.isBefore(injection.firstEventTime().minus(SLACK)) && !at.isAfter(injection.lastEventTime().plus(SLACK));
    }

    /** Per pattern (detector name), sorted: injected patterns and detectors that raised alerts. */
    public Map<String, PatternScore> patterns() {
        return patterns;
    }

    /** Per confounder id that was played, sorted. */
    public Map<String, ConfounderScore> confounders() {
        return confounders;
    }

    public long openAlerts() {
        return openAlerts;
    }

    /** OPEN alerts that no injection explains. */
    public long falseAlerts() {
        return falseAlerts;
    }

    /** OPEN alerts beyond the first on one injection, over every pattern. */
    public long repeatedAlerts() {
        return patterns.values().stream().mapToLong(PatternScore::repeatedAlerts).sum();
    }

    /** Detected episode injections without their RESOLVED alert, over every pattern. */
    public long missingResolved() {
        return patterns.values().stream().mapToLong(PatternScore::missingResolved).sum();
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

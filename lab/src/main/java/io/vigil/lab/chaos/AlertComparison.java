package io.vigil.lab.chaos;

import io.vigil.events.Alert;
import io.vigil.events.AlertStatus;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The committed alerts against the oracle's, by what they say and not only by id (issue 12, part 6): an alert with
 * the right id but another rule version, severity, triggering events or explanation is as wrong as a missing one.
 * Silence alerts, which the oracle cannot predict exactly, must each be explained by a real gap in the device's
 * input (part 5); one that is not counts as unexpected.
 *
 * @param missing          expected alerts with no committed alert of their id
 * @param unexpected       committed alerts the oracle did not expect: non-silence ids it does not know, and silence
 *                         OPENs no gap in the device's input explains
 * @param unexplainedSilence how many of {@code unexpected} are silence OPENs
 * @param mismatches       committed alerts whose id the oracle expects but whose content differs, one entry per
 *                         differing field
 */
public record AlertComparison(List<String> missing, List<String> unexpected, int unexplainedSilence,
                              List<Mismatch> mismatches) {

    /** One field of one alert that differs between the replay and what was committed. */
    public record Mismatch(String alertId, String field, String expected, String committed) {
        @Override
        public String toString() {
            return field + " of " + alertId + ": expected '" + expected + "', committed '" + committed + "'";
        }
    }

    /** The fields compared, by the name a report gives them, in report order. */
    static final Map<String, Function<Alert, Object>> FIELDS = fields();

    private static Map<String, Function<Alert, Object>> fields() {
        Map<String, Function<Alert, Object>> fields = new LinkedHashMap<>();
        fields.put("rule", Alert::getRuleId);
        fields.put("version", Alert::getRuleVersion);
        fields.put("entity", a -> a.getEntityType() + " " + a.getEntityId());
        fields.put("severity", Alert::getSeverity);
        fields.put("status", Alert::getStatus);
        fields.put("triggeringEventIds", Alert::getTriggeringEventIds);
        fields.put("explanation", Alert::getExplanation);
        return fields;
    }

    /**
     * @param expected           the oracle's alerts by id (silence rules left out)
     * @param committed          the committed alerts, one per id
     * @param silenceRules       ids of the rules checked by episode rather than exactly
     * @param silenceExplained   whether a real gap in the device's input explains a silence OPEN
     */
    public static AlertComparison compare(Map<String, Alert> expected, Collection<Alert> committed,
                                          Set<String> silenceRules, Predicate<Alert> silenceExplained) {
        Map<String, Alert> byId = new LinkedHashMap<>();
        committed.forEach(a -> byId.putIfAbsent(a.getAlertId(), a));
        List<String> missing = new ArrayList<>();
        expected.values().stream().filter(e -> !byId.containsKey(e.getAlertId()))
                .forEach(e -> missing.add(describe(e)));
        List<String> unexpected = new ArrayList<>();
        List<Mismatch> mismatches = new ArrayList<>();
        int unexplained = 0;
        for (Alert alert : byId.values()) {
            if (silenceRules.contains(alert.getRuleId())) {
                if (alert.getStatus() == AlertStatus.OPEN && !silenceExplained.test(alert)) {
                    unexpected.add(describe(alert) + ": no gap in the device's input explains it");
                    unexplained++;
                }
                continue;
            }
            Alert want = expected.get(alert.getAlertId());
            if (want == null) {
                unexpected.add(describe(alert));
                continue;
            }
            FIELDS.forEach((field, read) -> {
                Object w = read.apply(want);
                Object c = read.apply(alert);
                if (!Objects.equals(String.valueOf(w), String.valueOf(c))) {
                    mismatches.add(new Mismatch(alert.getAlertId(), field, String.valueOf(w), String.valueOf(c)));
                }
            });
        }
        return new AlertComparison(List.copyOf(missing), List.copyOf(unexpected), unexplained,
                List.copyOf(mismatches));
    }

    /** Mismatches counted per field, in the order of {@link #FIELDS}; fields without any are left out. */
    public Map<String, Integer> mismatchesByField() {
        Map<String, Integer> counts = new TreeMap<>((a, b) -> Integer.compare(order(a), order(b)));
        mismatches.forEach(m -> counts.merge(m.field(), 1, Integer::sum));
        return new LinkedHashMap<>(counts);
    }

    /** Committed alerts with at least one differing field. */
    public int mismatchedAlerts() {
        return (int) mismatches.stream().map(Mismatch::alertId).distinct().count();
    }

    private static int order(String field) {
        return new ArrayList<>(FIELDS.keySet()).indexOf(field);
    }

    static String describe(Alert a) {
        return a.getRuleId() + " " + a.getStatus() + " on " + a.getEntityId() + " (" + a.getAlertId() + ")";
    }
}

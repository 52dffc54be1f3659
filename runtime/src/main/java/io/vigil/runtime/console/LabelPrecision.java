package io.vigil.runtime.console;

import io.vigil.events.Label;
import io.vigil.events.LabelVerdict;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Each rule's precision from the analysts' labels: of its alerts labelled so far, the share labelled fraud.
 *
 * <p>Only an alert's latest label counts (the labels topic is keyed by alert id and compacted for the same
 * reason), so relabelling an alert moves it from one side to the other instead of counting it twice, and a
 * repeated label changes nothing. Unlabelled alerts are left out: precision is measured on what was reviewed.
 *
 * <p>Meters, per rule: {@value #PRECISION} (0 to 1; registered at the rule's first label, because a precision
 * of nothing reviewed is undefined, not zero) and {@value #LABELS} with a {@code verdict} tag.
 */
final class LabelPrecision {

    static final String PRECISION = "vigil.rule.precision";
    static final String LABELS = "vigil.labels";

    /** Counts of one rule's labelled alerts. */
    record RuleCount(String ruleId, long fraud, long legit) {
        double precision() {
            return fraud + legit == 0 ? Double.NaN : (double) fraud / (fraud + legit);
        }
    }

    private record Verdict(String ruleId, LabelVerdict verdict) {
    }

    private final MeterRegistry registry;
    private final Map<String, Verdict> byAlert = new HashMap<>();
    private final Map<String, long[]> byRule = new TreeMap<>();

    LabelPrecision(MeterRegistry registry) {
        this.registry = registry;
    }

    synchronized void add(Label label) {
        Verdict now = new Verdict(label.getRuleId(), label.getVerdict());
        Verdict before = byAlert.put(label.getAlertId(), now);
        if (now.equals(before)) {
            return;
        }
        if (before != null) {
            counts(before.ruleId())[before.verdict().ordinal()]--;
        }
        counts(now.ruleId())[now.verdict().ordinal()]++;
    }

    /** The latest verdict on {@code alertId}, or null when it has none. */
    synchronized LabelVerdict verdict(String alertId) {
        Verdict v = byAlert.get(alertId);
        return v == null ? null : v.verdict();
    }

    synchronized List<RuleCount> rules() {
        return byRule.entrySet().stream()
                .map(e -> new RuleCount(e.getKey(), e.getValue()[LabelVerdict.FRAUD.ordinal()],
                        e.getValue()[LabelVerdict.LEGIT.ordinal()]))
                .toList();
    }

    synchronized long labelled() {
        return byAlert.size();
    }

    /** A JSON-ready view: per rule, the counts and the precision (null while nothing is labelled). */
    List<Map<String, Object>> view() {
        return rules().stream().map(r -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("ruleId", r.ruleId());
            row.put("fraud", r.fraud());
            row.put("legit", r.legit());
            row.put("precision", Double.isNaN(r.precision()) ? null : r.precision());
            return row;
        }).toList();
    }

    private long[] counts(String ruleId) {
        return byRule.computeIfAbsent(ruleId, this::register);
    }

    private long[] register(String ruleId) {
        long[] counts = new long[LabelVerdict.values().length];
        Gauge.builder(PRECISION, this, p -> p.precisionOf(ruleId))
                .description("Share of the rule's labelled alerts that analysts labelled fraud")
                .tag("rule", ruleId)
                .register(registry);
        for (LabelVerdict verdict : LabelVerdict.values()) {
            Gauge.builder(LABELS, this, p -> p.countOf(ruleId, verdict))
                    .description("Alerts of the rule whose latest label is the verdict")
                    .tags("rule", ruleId, "verdict", verdict.name().toLowerCase(java.util.Locale.ROOT))
                    .register(registry);
        }
        return counts;
    }

    private synchronized double precisionOf(String ruleId) {
        long[] c = byRule.get(ruleId);
        long total = c == null ? 0 : c[0] + c[1];
        return total == 0 ? Double.NaN : (double) c[LabelVerdict.FRAUD.ordinal()] / total;
    }

    private synchronized double countOf(String ruleId, LabelVerdict verdict) {
        long[] c = byRule.get(ruleId);
        return c == null ? 0 : c[verdict.ordinal()];
    }
}

package io.vigil.lab.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What a demo run did, as the table it prints and the JSON it writes ({@code --summary-json}). The JSON key
 * names are a contract for scripts: {@code events}, {@code alerts}, {@code duplicateAlerts}, {@code patterns}
 * (per detector: {@code injected}, {@code detected}, {@code recall}, and of its OPEN alerts {@code alerts},
 * {@code falseAlerts}, {@code precision}, {@code repeatedAlerts}, {@code missingResolved}; see
 * {@link DetectionScore}), {@code confounders} (per kind: {@code played}, {@code alerted}, {@code alerts}),
 * {@code falseAlerts}, {@code repeatedAlerts}, {@code missingResolved}, {@code precision}, {@code recall},
 * {@code throughputEventsPerSec}, {@code latencyMs} ({@code p50}, {@code p99}, {@code p999}), {@code chain} (see
 * {@link ChainSummary#toJson()}; absent when the run had no chain).
 *
 * <p>{@code latencyMs} times the alerts on live events sent once the stream instances had processed the whole
 * warm-up history ({@code null} figures when no such alert fired); {@code catchUpSeconds} is how long that
 * took from the first history event sent, and {@code drained} says whether every event was processed before
 * the summary (false: the drain timed out, and the figures cover only what was processed).
 *
 * @param timedAlerts      alerts that {@code latencyMs} is measured on
 * @param catchUpSeconds   from the first warm-up event sent until the stream instances had processed the whole
 *                         warm-up history; NaN when they never did
 * @param liveWaitSeconds  how long live traffic had been running when that happened (0 when the warm-up was
 *                         processed before live traffic started): alerts on its events are not timed
 * @param drainFailure     why the final drain gave up, or null when every event was processed
 */
public record DemoSummary(
        Map<String, Object> settings,
        long historyEvents,
        long liveEvents,
        long failedSends,
        long alerts,
        Map<String, Long> alertsByRule,
        long duplicateAlerts,
        DetectionScore score,
        long lateEvents,
        long duplicateEvents,
        double throughputEventsPerSec,
        Map<String, Double> latencyMs,
        long timedAlerts,
        Map<String, Double> silenceDelaySeconds,
        double seconds,
        double catchUpSeconds,
        double liveWaitSeconds,
        String drainFailure,
        ChainSummary chain) {

    /** True when the stream instances processed every event before the summary was made. */
    public boolean drained() {
        return drainFailure == null;
    }

    public Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("events", historyEvents + liveEvents);
        json.put("historyEvents", historyEvents);
        json.put("liveEvents", liveEvents);
        json.put("failedSends", failedSends);
        json.put("alerts", alerts);
        json.put("alertsByRule", alertsByRule);
        json.put("duplicateAlerts", duplicateAlerts);
        Map<String, Object> patterns = new LinkedHashMap<>();
        score.patterns().forEach((name, p) -> {
            Map<String, Object> pattern = new LinkedHashMap<>();
            pattern.put("injected", p.injected());
            pattern.put("detected", p.detected());
            pattern.put("recall", finite(p.recall()));
            pattern.put("precision", finite(p.precision()));
            pattern.put("alerts", p.alerts());
            pattern.put("falseAlerts", p.falseAlerts());
            pattern.put("repeatedAlerts", p.repeatedAlerts());
            pattern.put("missingResolved", p.missingResolved());
            patterns.put(name, pattern);
        });
        json.put("patterns", patterns);
        json.put("replays", Map.of("injected", score.quietInjections(), "alerted", score.quietViolations()));
        Map<String, Object> confounders = new LinkedHashMap<>();
        score.confounders().forEach((kind, c) -> confounders.put(kind, Map.of(
                "played", c.played(), "alerted", c.alerted(), "alerts", c.alerts())));
        json.put("confounders", confounders);
        json.put("falseAlerts", score.falseAlerts());
        json.put("repeatedAlerts", score.repeatedAlerts());
        json.put("missingResolved", score.missingResolved());
        json.put("precision", finite(score.precision()));
        json.put("recall", finite(score.recall()));
        json.put("lateEvents", lateEvents);
        json.put("duplicateEvents", duplicateEvents);
        json.put("throughputEventsPerSec", round(throughputEventsPerSec));
        Map<String, Object> latency = new LinkedHashMap<>();
        for (String p : new String[] {"p50", "p99", "p999"}) {
            latency.put(p, finite(latencyMs.get(p)));
        }
        json.put("latencyMs", latency);
        json.put("catchUpSeconds", finite(catchUpSeconds));
        json.put("drained", drained());
        if (!silenceDelaySeconds.isEmpty()) {
            json.put("silenceDelaySeconds", silenceDelaySeconds);
        }
        json.put("seconds", round(seconds));
        if (chain != null) {
            json.put("chain", chain.toJson());
        }
        json.put("settings", settings);
        return json;
    }

    public void writeJson(Path file) throws IOException {
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), toJson());
    }

    public void printTable(PrintStream out) {
        out.println();
        out.println("=== Vigil demo summary ===");
        row(out, "events produced", String.format(Locale.ROOT, "%,d (%,d warm-up history + %,d live)",
                historyEvents + liveEvents, historyEvents, liveEvents));
        if (failedSends > 0) {
            row(out, "failed sends", String.format(Locale.ROOT, "%,d", failedSends));
        }
        row(out, "live throughput", String.format(Locale.ROOT, "%,.0f events/s", throughputEventsPerSec));
        row(out, "alerts", String.format(Locale.ROOT, "%,d distinct", alerts));
        alertsByRule.forEach((rule, n) -> row(out, "  " + rule, String.format(Locale.ROOT, "%,d", n)));
        row(out, "duplicate alerts", Long.toString(duplicateAlerts));
        out.println();
        out.printf(Locale.ROOT, "  %-24s %9s %9s %8s %7s %6s %9s %8s%n", "pattern (rule)", "injected", "detected",
                "recall", "alerts", "false", "precision", "repeated");
        score.patterns().forEach((name, p) -> out.printf(Locale.ROOT, "  %-24s %9d %9d %8s %7d %6d %9s %8d%s%n",
                name, p.injected(), p.detected(), percent(p.recall()), p.alerts(), p.falseAlerts(),
                percent(p.precision()), p.repeatedAlerts(),
                p.missingResolved() > 0 ? "  (" + p.missingResolved() + " without RESOLVED)" : ""));
        if (score.quietInjections() > 0) {
            out.printf(Locale.ROOT, "  %-24s %9d %9s %8s%n", "replay (must not alert)", score.quietInjections(),
                    score.quietViolations() + " alerted", "");
        }
        if (!score.confounders().isEmpty()) {
            out.println();
            out.printf(Locale.ROOT, "  %-24s %9s %9s %8s%n", "confounder (legitimate)", "played", "alerted", "alerts");
            score.confounders().forEach((kind, c) -> out.printf(Locale.ROOT, "  %-24s %9d %9d %8d%n",
                    kind, c.played(), c.alerted(), c.alerts()));
        }
        out.println();
        row(out, "false alerts", Long.toString(score.falseAlerts()));
        row(out, "repeated alerts", score.repeatedAlerts() + " (OPEN alerts beyond the first on one injection)");
        row(out, "missing RESOLVED", score.missingResolved() + " (detected episodes never resolved)");
        row(out, "precision / recall", percent(score.precision()) + " / " + percent(score.recall()));
        row(out, "late events", Long.toString(lateEvents));
        row(out, "redelivered events", duplicateEvents + " (same eventId again: dropped before detection)");
        row(out, "warm-up catch-up", catchUp());
        row(out, "event-to-alert latency", timedAlerts == 0
                ? "n/a (no alert on live traffic sent after the warm-up was processed)"
                : String.format(Locale.ROOT, "p50 %s ms, p99 %s ms, p999 %s ms (%,d alert%s on live traffic after "
                                + "the warm-up)", ms(latencyMs.get("p50")), ms(latencyMs.get("p99")),
                        ms(latencyMs.get("p999")), timedAlerts, timedAlerts == 1 ? "" : "s"));
        if (!silenceDelaySeconds.isEmpty()) {
            row(out, "silence: deadline to alert", String.format(Locale.ROOT, "p50 %.1f s, max %.1f s",
                    silenceDelaySeconds.get("p50"), silenceDelaySeconds.get("max")));
        }
        if (chain != null) {
            chain.printTable(out);
        }
        if (drainFailure != null) {
            out.println();
            out.println("  INCOMPLETE: " + drainFailure);
        }
    }

    private String catchUp() {
        if (Double.isNaN(catchUpSeconds)) {
            return String.format(Locale.ROOT, "the %,d warm-up events were not all processed", historyEvents);
        }
        String when = liveWaitSeconds > 0
                ? String.format(Locale.ROOT, "%.1f s into live traffic", liveWaitSeconds)
                : "before live traffic started";
        return String.format(Locale.ROOT, "%.1f s to process the %,d warm-up events (%s)", catchUpSeconds,
                historyEvents, when);
    }

    private static void row(PrintStream out, String name, String value) {
        out.printf(Locale.ROOT, "  %-24s %s%n", name, value);
    }

    private static String percent(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.1f%%", v * 100);
    }

    private static String ms(Double v) {
        return v == null || v.isNaN() ? "n/a" : String.format(Locale.ROOT, "%.0f", v);
    }

    private static Object finite(Double v) {
        return v == null || v.isNaN() ? null : round(v);
    }

    private static double round(double v) {
        return Math.round(v * 10_000.0) / 10_000.0;
    }
}

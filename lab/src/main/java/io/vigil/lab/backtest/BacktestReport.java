package io.vigil.lab.backtest;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What a backtest found, per rule: alerts under the live rules and under the candidate, and precision and recall
 * against the ground truth when one was given. {@link #toJson()} is the {@code --json} document; its keys are a
 * contract for scripts: {@code transactions}, {@code readings}, {@code unreadable}, {@code refused} (events the
 * input gate refused under the live rules' replay, as live detection would dead-letter them), {@code from}, {@code to}, {@code liveRules},
 * {@code candidateRules}, {@code groundTruthInjections}, {@code rules} (per rule id: {@code live} and
 * {@code candidate}, each with {@code version}, {@code alerts}, {@code precision}, {@code recall}, and
 * {@code difference}).
 */
public record BacktestReport(long transactions, long readings, long unreadable, long refused, Optional<Instant> from,
                             Optional<Instant> to, String liveRules, String candidateRules,
                             Optional<Integer> groundTruthInjections, Map<String, RuleScore> live,
                             Map<String, RuleScore> candidate) {

    public Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("transactions", transactions);
        json.put("readings", readings);
        json.put("unreadable", unreadable);
        json.put("refused", refused);
        json.put("from", from.map(Instant::toString).orElse(null));
        json.put("to", to.map(Instant::toString).orElse(null));
        json.put("liveRules", liveRules);
        json.put("candidateRules", candidateRules);
        json.put("groundTruthInjections", groundTruthInjections.orElse(null));
        Map<String, Object> rules = new LinkedHashMap<>();
        for (String ruleId : live.keySet()) {
            RuleScore l = live.get(ruleId);
            RuleScore c = candidate.get(ruleId);
            Map<String, Object> rule = new LinkedHashMap<>();
            rule.put("live", score(l));
            rule.put("candidate", score(c));
            rule.put("difference", c.alerts() - l.alerts());
            rules.put(ruleId, rule);
        }
        json.put("rules", rules);
        return json;
    }

    private static Map<String, Object> score(RuleScore s) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("version", s.version() < 0 ? null : s.version());
        json.put("alerts", s.alerts());
        json.put("precision", finite(s.precision()));
        json.put("recall", finite(s.recall()));
        return json;
    }

    public void printTable(PrintWriter out) {
        out.printf(Locale.ROOT, "Replayed %,d transactions and %,d telemetry readings%s%s%s%s.%n", transactions,
                readings, from.map(f -> " from " + f).orElse(""), to.map(t -> " to " + t).orElse(""),
                unreadable > 0 ? " (" + unreadable + " unreadable records skipped)" : "",
                refused > 0 ? " (" + refused + " refused by the input gate, as live detection refuses them: out of "
                        + "bounds, or more than vigil.max.clock.skew ahead of the record timestamp)" : "");
        out.printf("Live rules: %s. Candidate: %s.%n", liveRules, candidateRules);
        groundTruthInjections.ifPresent(n -> out.printf(Locale.ROOT, "Ground truth: %,d injections; P/R is "
                + "precision / recall of the rule's OPEN alerts.%n", n));
        out.println();
        boolean scored = groundTruthInjections.isPresent();
        out.printf(Locale.ROOT, "  %-24s %-9s %9s %9s %8s%s%n", "RULE", "VERSIONS", "LIVE", "CANDIDATE", "CHANGE",
                scored ? String.format(Locale.ROOT, "   %-15s %-15s", "LIVE P/R", "CANDIDATE P/R") : "");
        for (String ruleId : live.keySet()) {
            RuleScore l = live.get(ruleId);
            RuleScore c = candidate.get(ruleId);
            long change = c.alerts() - l.alerts();
            out.printf(Locale.ROOT, "  %-24s %-9s %9d %9d %8s%s%n", ruleId, versions(l, c), l.alerts(), c.alerts(),
                    change == 0 ? "=" : String.format(Locale.ROOT, "%+d", change),
                    scored ? String.format(Locale.ROOT, "   %-15s %-15s", pr(l), pr(c)) : "");
        }
        out.flush();
    }

    private static String versions(RuleScore l, RuleScore c) {
        String lv = l.version() < 0 ? "-" : "v" + l.version();
        String cv = c.version() < 0 ? "-" : "v" + c.version();
        return lv.equals(cv) ? lv : lv + ">" + cv;
    }

    private static String pr(RuleScore s) {
        if (Double.isNaN(s.recall())) {
            return "n/a";
        }
        return percent(s.precision()) + " / " + percent(s.recall());
    }

    private static String percent(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.0f%%", v * 100);
    }

    private static Object finite(double v) {
        return Double.isNaN(v) ? null : Math.round(v * 10_000.0) / 10_000.0;
    }
}

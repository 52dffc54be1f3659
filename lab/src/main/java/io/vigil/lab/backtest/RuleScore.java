package io.vigil.lab.backtest;

import io.vigil.config.RuleSpec;
import io.vigil.events.Alert;
import io.vigil.events.AlertStatus;
import io.vigil.lab.demo.DetectionScore;
import io.vigil.loadgen.Injection;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One rule's result in one replay: how many OPEN alerts it raised and, against the generator's ground truth, how
 * many of them an injection explains (precision) and how many of the injections of its detector's pattern it found
 * (recall), matched as the demo matches them ({@link DetectionScore#matches}).
 *
 * @param version   the rule's version, or -1 when the rule is not in this rule set
 * @param precision NaN when there is no ground truth for the rule's detector or it raised no alert
 * @param recall    NaN when there is no ground truth for the rule's detector
 */
public record RuleScore(int version, long alerts, double precision, double recall) {

    public static RuleScore of(RuleSpec rule, List<Alert> alerts, Collection<Injection> injections) {
        if (rule == null) {
            return new RuleScore(-1, 0, Double.NaN, Double.NaN);
        }
        List<Alert> open = alerts.stream()
                .filter(a -> a.getStatus() == AlertStatus.OPEN && a.getRuleId().equals(rule.id()))
                .toList();
        List<Injection> ofPattern = injections.stream()
                .filter(i -> i.expectedAlerts() > 0 && i.pattern().equals(rule.detector()))
                .toList();
        if (ofPattern.isEmpty()) {
            return new RuleScore(rule.version(), open.size(), Double.NaN, Double.NaN);
        }
        Set<String> explained = open.stream()
                .filter(a -> ofPattern.stream().anyMatch(i -> i.entityId().equals(a.getEntityId())
                        && DetectionScore.matches(i, a)))
                .map(Alert::getAlertId)
                .collect(Collectors.toSet());
        long found = ofPattern.stream()
                .filter(i -> open.stream().anyMatch(a -> i.entityId().equals(a.getEntityId())
                        && DetectionScore.matches(i, a)))
                .count();
        double precision = open.isEmpty() ? Double.NaN : (double) explained.size() / open.size();
        return new RuleScore(rule.version(), open.size(), precision, (double) found / ofPattern.size());
    }
}

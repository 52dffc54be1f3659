package io.vigil.lab.backtest;

import io.vigil.config.ConfigException;
import io.vigil.config.DetectorCatalog;
import io.vigil.config.Durations;
import io.vigil.config.InputSettings;
import io.vigil.config.ReferenceClock;
import io.vigil.config.RuleSet;
import io.vigil.config.RuleSpec;
import io.vigil.events.Alert;
import io.vigil.events.AlertStatus;
import io.vigil.events.Telemetry;
import io.vigil.events.Transaction;
import io.vigil.lab.demo.DetectionScore;
import io.vigil.loadgen.Injection;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One rule parameter swept over a list of values: the same recorded events replayed through one {@link Replay}
 * per value, all in a single pass over the log, each scored against the ground truth as the demo scores (an OPEN
 * alert of the rule is explained when it {@link DetectionScore#matches} an injection of the rule's detector on
 * its entity). Every other rule runs as in the base rule set, but only the swept rule is scored: the others do not
 * change between values. Offline and deterministic: the same events give the same curve.
 */
public final class Sweep {

    /** What to sweep: {@code RULE.PARAM=V1,V2,...}; PARAM may also be {@code cooldown}. */
    public record Parameter(String ruleId, String name, List<String> values) {

        public Parameter {
            values = List.copyOf(values);
        }

        public static Parameter parse(String text) {
            int eq = text.indexOf('=');
            int dot = eq < 0 ? -1 : text.lastIndexOf('.', eq);
            if (eq < 0 || dot <= 0 || dot == eq - 1) {
                throw new IllegalArgumentException("--sweep takes RULE.PARAM=V1,V2,..., e.g. velocity.maxCount=4,5,6; got '"
                        + text + "'");
            }
            List<String> values = Arrays.stream(text.substring(eq + 1).split(",")).map(String::strip)
                    .filter(v -> !v.isEmpty()).toList();
            if (values.isEmpty()) {
                throw new IllegalArgumentException("--sweep " + text + " lists no values");
            }
            return new Parameter(text.substring(0, dot), text.substring(dot + 1, eq), values);
        }

        @Override
        public String toString() {
            return ruleId + "." + name;
        }
    }

    /** The swept rule's result at one value. */
    public record Point(String value, long alerts, long falseAlerts, long injected, long detected) {

        /** Explained over raised; NaN when the rule raised nothing. */
        public double precision() {
            return alerts == 0 ? Double.NaN : (double) (alerts - falseAlerts) / alerts;
        }

        /** Detected over injected; NaN without injections of the rule's detector. */
        public double recall() {
            return injected == 0 ? Double.NaN : (double) detected / injected;
        }
    }

    private final Parameter parameter;
    private final RuleSpec base;
    private final List<Replay> replays = new ArrayList<>();

    /**
     * @throws IllegalArgumentException naming the problem when the rule is missing or disabled, or a value is not
     *                                  valid for the parameter
     */
    public Sweep(RuleSet rules, Parameter parameter, Duration grace) {
        this(rules, parameter, grace, InputSettings.defaults().withReferenceClock(ReferenceClock.RECORD));
    }

    /** As above, with the input gate's settings (a recording is judged by its own clock). */
    public Sweep(RuleSet rules, Parameter parameter, Duration grace, InputSettings input) {
        this.parameter = parameter;
        this.base = rules.find(parameter.ruleId()).filter(RuleSpec::enabled).orElseThrow(() ->
                new IllegalArgumentException("--sweep: no enabled rule '" + parameter.ruleId() + "' in the rules; "
                        + "rules: " + rules.enabled().stream().map(RuleSpec::id).toList()));
        if (DetectorCatalog.BLOCKED_CARD_USED.equals(base.detector())) {
            throw new IllegalArgumentException("--sweep: " + base.id() + " reacts to live actions and is not replayed");
        }
        if (!parameter.name().equals("cooldown") && !base.parameters().containsKey(parameter.name())) {
            throw new IllegalArgumentException("--sweep: rule " + base.id() + " has no parameter '" + parameter.name()
                    + "'; it has cooldown, " + String.join(", ", base.parameters().keySet()));
        }
        for (String value : parameter.values()) {
            RuleSpec changed = with(base, parameter.name(), value);
            List<RuleSpec> swapped = rules.rules().stream().map(r -> r.id().equals(base.id()) ? changed : r).toList();
            replays.add(new Replay(new RuleSet(swapped), grace, input));
        }
    }

    private static RuleSpec with(RuleSpec rule, String name, String value) {
        try {
            if (name.equals("cooldown")) {
                Duration cooldown = Durations.tryParse(value).orElseThrow(() ->
                        new IllegalArgumentException("--sweep: cooldown " + value + " is not a duration"));
                return new RuleSpec(rule.id(), rule.version(), rule.detector(), true, rule.severity(), cooldown,
                        rule.parameters());
            }
            Map<String, String> parameters = new HashMap<>(rule.parameters());
            parameters.put(name, value);
            return new RuleSpec(rule.id(), rule.version(), rule.detector(), true, rule.severity(), rule.cooldown(),
                    parameters);
        } catch (ConfigException invalid) {
            throw new IllegalArgumentException("--sweep: " + rule.id() + "." + name + "=" + value + " is not valid: "
                    + invalid.getMessage(), invalid);
        }
    }

    public Parameter parameter() {
        return parameter;
    }

    /** The detector of the swept rule, whose injections the recall counts. */
    public String detector() {
        return base.detector();
    }

    /** A transaction whose record time is its event time (a log built in memory rather than read from Kafka). */
    public void accept(Transaction tx) {
        replays.forEach(replay -> replay.accept(tx));
    }

    /** A reading whose record time is its event time. */
    public void accept(Telemetry reading) {
        replays.forEach(replay -> replay.accept(reading));
    }

    public void accept(String key, Transaction tx, long recordMillis) {
        replays.forEach(replay -> replay.accept(key, tx, recordMillis));
    }

    public void accept(String key, Telemetry reading, long recordMillis) {
        replays.forEach(replay -> replay.accept(key, reading, recordMillis));
    }

    /** The newest event time the input gate let through (all values see the same input). */
    public long newestEventMillis() {
        return replays.get(0).newestEventMillis();
    }

    public void finish(long endMillis) {
        replays.forEach(replay -> replay.finish(endMillis));
    }

    public long transactions() {
        return replays.get(0).transactions();
    }

    public long readings() {
        return replays.get(0).readings();
    }

    /** One point per value, in the order given. */
    public List<Point> points(Collection<Injection> truth) {
        List<Injection> ofDetector = truth.stream()
                .filter(i -> i.expectedAlerts() > 0 && i.pattern().equals(base.detector())).toList();
        Map<String, List<Injection>> byEntity = new HashMap<>();
        ofDetector.forEach(i -> byEntity.computeIfAbsent(i.entityId(), k -> new ArrayList<>()).add(i));
        List<Point> points = new ArrayList<>();
        for (int v = 0; v < replays.size(); v++) {
            List<Alert> open = replays.get(v).alerts().stream()
                    .filter(a -> a.getStatus() == AlertStatus.OPEN && a.getRuleId().equals(base.id())).toList();
            long falseAlerts = 0;
            Set<String> detected = new HashSet<>();
            for (Alert alert : open) {
                List<Injection> matched = byEntity.getOrDefault(alert.getEntityId(), List.of()).stream()
                        .filter(i -> DetectionScore.matches(i, alert)).toList();
                falseAlerts += matched.isEmpty() ? 1 : 0;
                matched.forEach(i -> detected.add(i.injectionId()));
            }
            points.add(new Point(parameter.values().get(v), open.size(), falseAlerts, ofDetector.size(), detected.size()));
        }
        return points;
    }
}

package io.vigil.detectors.telemetry;

import io.vigil.config.RuleSet;
import io.vigil.config.RuleSpec;
import io.vigil.detectors.Alerts;
import io.vigil.detectors.Ewma;
import io.vigil.detectors.InputBounds;
import io.vigil.events.Alert;
import io.vigil.events.EntityType;
import io.vigil.events.Telemetry;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Runs every enabled telemetry rule against one device's state: for one reading (the whole per-event work of
 * the device processor), or for the passing of wall-clock time (the silence check). It is the same code the
 * offline oracle replays, so it never reads a clock: the processor passes "now" in.
 *
 * <p>Per reading, in order: drop a redelivered event id; note that the device spoke (which resolves its
 * silence episodes, even for a late reading: a device flushing a buffer after an outage is alive); count a
 * reading older than the device's watermark minus the grace period as late; otherwise let each rule on the
 * reading's metric look, apply OPEN/RESOLVED and cooldown, then fold the reading into the metric's state.
 *
 * <p>Out-of-order readings within the grace period: per-metric state keeps only the newest reading, so such a
 * reading is judged by the anomaly rule and folded into the baseline, compared with the newest reading for
 * rate of change, may open (never resolve) a threshold episode, and is left out of flatline runs. Keeping a
 * history per metric would place it exactly, at several times the state size, for devices that almost
 * always report in order.
 *
 * <p>Lifecycle: threshold and flatline open an episode (OPEN) and later resolve it (RESOLVED, whose id is
 * derived from the OPEN's); silence does the same on wall-clock time. Cooldown is a quiet period per rule and
 * device, as for cards: a trigger less than {@code cooldown} after the previous trigger raises no OPEN, and
 * the episode it starts is muted, so its end raises no RESOLVED either. Reading rules measure cooldown in
 * event time, silence in wall-clock time.
 *
 * <p>One per-metric baseline follows the first EWMA anomaly rule's {@code alpha} on that metric, one novelty
 * state the first novelty anomaly rule's {@code bins} and {@code decay} (the novelty model learns only readings
 * in order, and restarts when {@code bins} changes), and one run of
 * unchanged values follows the first flatline rule's {@code tolerance}, so that the state stays one value per
 * metric whatever the number of rules.
 */
public final class DeviceDetection {

    /** What happened to a reading. */
    public enum Disposition { ACCEPTED, DUPLICATE_EVENT, LATE }

    /**
     * The result of one reading. The state must be written back unless the disposition is
     * {@link Disposition#DUPLICATE_EVENT} (a late reading still moves "last seen").
     *
     * @param deadlineToIndex when present, the wall-clock time at which the device's silence must be checked:
     *                        the processor adds it to its deadline index (first reading, or speaking again
     *                        after a silence alert)
     */
    public record Outcome(Disposition disposition, List<Alert> alerts, OptionalLong deadlineToIndex) {
        public Outcome {
            alerts = List.copyOf(alerts);
        }
    }

    /**
     * The result of looking at a device whose deadline came up.
     *
     * @param nextDeadline when present, the wall-clock time to check the device again; empty when every
     *                     silence rule has fired (the device is indexed again when it speaks)
     * @param stateChanged whether the state must be written back
     */
    public record SilenceCheck(List<Alert> alerts, OptionalLong nextDeadline, boolean stateChanged) {
        public SilenceCheck {
            alerts = List.copyOf(alerts);
        }
    }

    private final List<TelemetryDetector> detectors;
    private final Map<String, List<TelemetryDetector>> byMetric;
    private final List<SilenceDetector> silence;
    private final long graceMillis;
    private final Map<String, Double> alphaByMetric = new HashMap<>();
    private final Map<String, Double> toleranceByMetric = new HashMap<>();
    private final Map<String, TelemetryAnomalyDetector> noveltyByMetric = new HashMap<>();
    private final Set<String> ruleIds = new HashSet<>();
    private final int recentCapacity;

    public DeviceDetection(List<TelemetryDetector> detectors, List<SilenceDetector> silence, Duration grace) {
        this.detectors = List.copyOf(detectors);
        this.silence = List.copyOf(silence);
        this.graceMillis = grace.toMillis();
        Map<String, List<TelemetryDetector>> grouped = new LinkedHashMap<>();
        for (TelemetryDetector detector : detectors) {
            grouped.computeIfAbsent(detector.metric(), m -> new ArrayList<>()).add(detector);
            ruleIds.add(detector.rule().id());
            if (detector instanceof TelemetryAnomalyDetector anomaly) {
                if (anomaly.novelty()) {
                    noveltyByMetric.putIfAbsent(detector.metric(), anomaly);
                } else {
                    alphaByMetric.putIfAbsent(detector.metric(), anomaly.alpha());
                }
            }
            if (detector instanceof FlatlineDetector flatline) {
                toleranceByMetric.putIfAbsent(detector.metric(), flatline.tolerance());
            }
        }
        if (grouped.size() > DeviceState.MAX_METRICS) {
            throw new IllegalArgumentException("Telemetry rules watch " + grouped.size() + " metrics; a device keeps "
                    + "state for at most " + DeviceState.MAX_METRICS);
        }
        this.recentCapacity = recentCapacity(grouped.size(), grace);
        grouped.replaceAll((metric, list) -> List.copyOf(list));
        this.byMetric = Map.copyOf(grouped);
        silence.forEach(s -> ruleIds.add(s.rule().id()));
    }

    /**
     * How many event ids a device remembers to drop redeliveries: one reading per second for every watched metric
     * over the grace period, at least {@link DeviceState#MAX_RECENT_EVENTS}. A device reporting faster than that
     * still never has a redelivery counted twice (see {@link DeviceState#mayBeForgotten}); only its readings that
     * arrive further out of order than the remembered ids reach are counted late.
     *
     * @throws IllegalArgumentException naming {@code vigil.grace} when the bound would exceed
     *                                  {@link DeviceState#MAX_RECENT_EVENTS_LIMIT}
     */
    static int recentCapacity(int metrics, Duration grace) {
        long graceSeconds = (grace.toMillis() + 999) / 1000;
        long needed = Math.max(DeviceState.MAX_RECENT_EVENTS, graceSeconds * Math.max(1, metrics));
        if (needed > DeviceState.MAX_RECENT_EVENTS_LIMIT) {
            throw new IllegalArgumentException("vigil.grace of " + graceSeconds + " s with telemetry rules watching "
                    + metrics + " metrics means a device must remember " + needed + " event ids to drop redelivered "
                    + "readings (one reading per second per metric within the grace period); at most "
                    + DeviceState.MAX_RECENT_EVENTS_LIMIT + " are kept. Expected vigil.grace at most "
                    + DeviceState.MAX_RECENT_EVENTS_LIMIT / Math.max(1, metrics) + " s, or fewer watched metrics");
        }
        return (int) needed;
    }

    /** The most event ids a device remembers for duplicate detection, sized from the rules and grace. */
    public int recentCapacity() {
        return recentCapacity;
    }

    /** The detectors for every enabled telemetry rule in {@code rules}. */
    public static DeviceDetection fromRules(RuleSet rules, Duration grace) {
        List<TelemetryDetector> detectors = new ArrayList<>();
        List<SilenceDetector> silence = new ArrayList<>();
        for (RuleSpec rule : rules.rules()) {
            if (rule.enabled()) {
                TelemetryDetectors.create(rule).ifPresent(detectors::add);
                TelemetryDetectors.createSilence(rule).ifPresent(silence::add);
            }
        }
        return new DeviceDetection(detectors, silence, grace);
    }

    public List<TelemetryDetector> detectors() {
        return detectors;
    }

    public List<SilenceDetector> silenceDetectors() {
        return silence;
    }

    /** How often silent devices must be looked for: the shortest {@code checkInterval}, or empty without silence rules. */
    public Optional<Duration> checkInterval() {
        return silence.stream().map(SilenceDetector::checkInterval).min(Comparator.naturalOrder());
    }

    /**
     * Runs one reading against the device's state and updates it in place.
     *
     * @param nowMillis wall-clock time at which the reading is processed: the device's "last seen"
     * @throws IllegalArgumentException when the value is NaN, infinite or beyond {@link InputBounds#MAX_ABS_READING}
     *                                  (it would poison every baseline)
     */
    public Outcome process(DeviceState state, Telemetry reading, long nowMillis) {
        if (!Double.isFinite(reading.getValue())) {
            throw new IllegalArgumentException("Reading " + reading.getEventId() + " of " + reading.getMetric()
                    + " on device " + reading.getDeviceId() + " has no finite value: " + reading.getValue());
        }
        if (Math.abs(reading.getValue()) > InputBounds.MAX_ABS_READING) {
            throw new IllegalArgumentException("Reading " + reading.getEventId() + " of " + reading.getMetric()
                    + " on device " + reading.getDeviceId() + " has a value beyond " + InputBounds.MAX_ABS_READING
                    + " in magnitude: " + reading.getValue());
        }
        if (state.containsEvent(reading.getEventId())) {
            return new Outcome(Disposition.DUPLICATE_EVENT, List.of(), OptionalLong.empty());
        }
        long t = reading.getTimestamp().toEpochMilli();
        List<Alert> alerts = new ArrayList<>(1);
        boolean returning = resolveSilence(state, reading, t, nowMillis, alerts);
        state.seen(nowMillis, reading.getEventId());
        OptionalLong index = OptionalLong.empty();
        if (!silence.isEmpty() && (returning || !state.silenceIndexed())) {
            index = nextDeadline(state);
            state.silenceIndexed(index.isPresent());
        }
        if (state.maxEventTimeMillis() != DeviceState.NEVER && t < state.maxEventTimeMillis() - graceMillis
                || state.mayBeForgotten(t, recentCapacity)) {
            return new Outcome(Disposition.LATE, alerts, index);
        }
        state.accept(reading.getEventId(), t);
        List<TelemetryDetector> watching = byMetric.get(reading.getMetric());
        if (watching != null) {
            MetricState metric = state.metricOrCreate(reading.getMetric());
            boolean inOrder = !metric.hasReading() || t >= metric.newestMillis();
            boolean novel = false;
            for (TelemetryDetector detector : watching) {
                Optional<Verdict> verdict = detector.evaluate(state, metric, reading, inOrder);
                if (verdict.isPresent()) {
                    apply(state, detector, verdict.get(), reading.getDeviceId(), t, alerts);
                    novel |= detector instanceof TelemetryAnomalyDetector anomaly && anomaly.novelty();
                }
            }
            if (novel) {
                metric.novelty().alerted();
            }
            learn(metric, reading, t, inOrder);
        }
        tidy(state, nowMillis);
        return new Outcome(Disposition.ACCEPTED, alerts, index);
    }

    /**
     * Fires every silence rule whose deadline the device has reached at {@code nowMillis} and says when to look
     * again. Calling it early, or twice, is harmless: a rule fires once per episode.
     */
    public SilenceCheck checkSilence(DeviceState state, String deviceId, long nowMillis) {
        List<Alert> alerts = new ArrayList<>(1);
        boolean changed = false;
        for (SilenceDetector detector : silence) {
            var finding = detector.check(deviceId, state, nowMillis);
            if (finding.isPresent()) {
                RuleSpec rule = detector.rule();
                if (outsideCooldown(state, rule, nowMillis)) {
                    Alert alert = Alerts.open(rule, EntityType.DEVICE, deviceId, finding.get(), nowMillis);
                    alerts.add(alert);
                    state.open(rule.id(), Episode.announced(alert.getAlertId(), nowMillis));
                } else {
                    state.open(rule.id(), Episode.muted(nowMillis));
                }
                changed = true;
            }
        }
        OptionalLong next = nextDeadline(state);
        if (next.isEmpty() && state.silenceIndexed()) {
            state.silenceIndexed(false);
            changed = true;
        }
        return new SilenceCheck(alerts, next, changed);
    }

    /** The earliest deadline among silence rules that have not fired on the device, or empty if none is pending. */
    public OptionalLong nextDeadline(DeviceState state) {
        if (!state.everSeen()) {
            return OptionalLong.empty();
        }
        long next = Long.MAX_VALUE;
        for (SilenceDetector detector : silence) {
            if (state.episode(detector.rule().id()) == null) {
                next = Math.min(next, detector.dueAtMillis(state));
            }
        }
        return next == Long.MAX_VALUE ? OptionalLong.empty() : OptionalLong.of(next);
    }

    private boolean resolveSilence(DeviceState state, Telemetry reading, long t, long nowMillis, List<Alert> alerts) {
        boolean returning = false;
        for (SilenceDetector detector : silence) {
            Episode episode = state.episode(detector.rule().id());
            if (episode != null) {
                returning = true;
                if (!episode.muted()) {
                    alerts.add(Alerts.resolved(detector.rule(), EntityType.DEVICE, reading.getDeviceId(),
                            episode.alertId(), detector.resolution(state, reading, nowMillis), t));
                }
                state.close(detector.rule().id());
            }
        }
        return returning;
    }

    private static void apply(DeviceState state, TelemetryDetector detector, Verdict verdict, String deviceId,
                              long t, List<Alert> alerts) {
        RuleSpec rule = detector.rule();
        switch (verdict.kind()) {
            case TRIGGER -> {
                Alert alert = outsideCooldown(state, rule, t)
                        ? Alerts.open(rule, EntityType.DEVICE, deviceId, verdict.finding(), t)
                        : null;
                if (alert != null) {
                    alerts.add(alert);
                }
                if (detector.episodic()) {
                    state.open(rule.id(), alert == null ? Episode.muted(t) : Episode.announced(alert.getAlertId(), t));
                }
            }
            case RESOLVE -> {
                Episode episode = state.close(rule.id());
                if (episode != null && !episode.muted()) {
                    alerts.add(Alerts.resolved(rule, EntityType.DEVICE, deviceId, episode.alertId(), verdict.finding(), t));
                }
            }
        }
    }

    private static boolean outsideCooldown(DeviceState state, RuleSpec rule, long t) {
        Long previous = state.trigger(rule.id(), t);
        return previous == null || Math.abs(t - previous) >= rule.cooldown().toMillis();
    }

    private void learn(MetricState metric, Telemetry reading, long t, boolean inOrder) {
        double v = reading.getValue();
        Double alpha = alphaByMetric.get(reading.getMetric());
        if (alpha != null) {
            if (!metric.baseline().isFinite()) {
                // State from before readings were validated: start the baseline over rather than trust it.
                metric.baseline(Ewma.EMPTY);
            }
            metric.baseline(metric.baseline().update(v, alpha));
        }
        if (!inOrder) {
            return;
        }
        TelemetryAnomalyDetector novelty = noveltyByMetric.get(reading.getMetric());
        if (novelty == null) {
            metric.novelty(null);
        } else {
            if (metric.novelty() == null || metric.novelty().bins() != novelty.bins()) {
                metric.novelty(new NoveltyState(novelty.bins()));
            }
            metric.novelty().learn(v, novelty.decay());
        }
        Double tolerance = toleranceByMetric.get(reading.getMetric());
        if (tolerance != null && (!metric.hasRun() || Math.abs(v - metric.runValue()) > tolerance)) {
            metric.startRun(reading.getEventId(), t, v);
        }
        metric.newest(reading.getEventId(), t, v);
    }

    /** Keeps the state bounded: ids past the grace period, expired cooldowns, rules and metrics no longer in force. */
    private void tidy(DeviceState state, long nowMillis) {
        long watermark = state.maxEventTimeMillis();
        state.forgetEventsBefore(watermark - graceMillis, recentCapacity);
        for (TelemetryDetector detector : detectors) {
            state.forgetTrigger(detector.rule().id(), watermark - detector.rule().cooldown().toMillis());
        }
        for (SilenceDetector detector : silence) {
            state.forgetTrigger(detector.rule().id(), nowMillis - detector.rule().cooldown().toMillis());
        }
        state.retainRules(ruleIds);
        state.retainMetrics(byMetric.keySet());
    }
}

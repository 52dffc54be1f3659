package io.vigil.loadgen.telemetry;

import io.vigil.config.RuleSet;
import io.vigil.config.RuleSpec;
import io.vigil.events.Telemetry;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The default telemetry rules, written from their wording in the rules file and independent of both the
 * generator and the detectors: fed every reading in order, it says which alerts must exist. Silence is judged
 * as if readings were processed the moment they were taken (a sender and a processor that keep up), so a
 * device is silent when the event time between two of its readings reaches the deadline.
 */
final class TelemetryRuleOracle {

    /** An alert the rules demand: which rule, OPEN or RESOLVED, the reading that names it, when. */
    record Expected(String ruleId, String deviceId, boolean open, String eventId, long timeMillis) {
    }

    private final RuleSpec threshold;
    private final RuleSpec rate;
    private final RuleSpec anomaly;
    private final RuleSpec flatline;
    private final RuleSpec silence;
    private final Map<String, DeviceMemory> devices = new HashMap<>();
    private final List<Expected> alerts = new ArrayList<>();

    TelemetryRuleOracle(RuleSet rules) {
        this.threshold = rules.forDetector("threshold").get(0);
        this.rate = rules.forDetector("rate-of-change").get(0);
        this.anomaly = rules.forDetector("telemetry-anomaly").get(0);
        this.flatline = rules.forDetector("flatline").get(0);
        this.silence = rules.forDetector("silence").get(0);
    }

    private static final class DeviceMemory {
        final Map<String, Long> lastTrigger = new HashMap<>();
        final Map<String, Boolean> open = new HashMap<>();   // rule -> announced?
        String lastId;
        long lastMillis = Long.MIN_VALUE;
        String rateId;
        long rateMillis;
        double rateValue;
        long count;
        double mean;
        double variance;
        String runId;
        long runMillis;
        double runValue;
    }

    void accept(Telemetry reading) {
        DeviceMemory d = devices.computeIfAbsent(reading.getDeviceId(), k -> new DeviceMemory());
        long t = reading.getTimestamp().toEpochMilli();
        String id = reading.getEventId();
        double v = reading.getValue();
        silenceBefore(d, reading.getDeviceId(), id, t);
        String metric = reading.getMetric();
        if (metric.equals(threshold.stringParam("metric"))) {
            if (!d.open.containsKey(threshold.id()) && v > threshold.doubleParam("upper")) {
                trigger(d, threshold, reading.getDeviceId(), id, t, true);
            } else if (d.open.containsKey(threshold.id()) && v < threshold.doubleParam("lower")) {
                resolve(d, threshold, reading.getDeviceId(), id, t);
            }
        } else if (metric.equals(rate.stringParam("metric"))) {
            if (d.rateId != null && t > d.rateMillis
                    && Math.abs(v - d.rateValue) / ((t - d.rateMillis) / 1000.0) > rate.doubleParam("maxPerSecond")) {
                trigger(d, rate, reading.getDeviceId(), id, t, false);
            }
            d.rateId = id;
            d.rateMillis = t;
            d.rateValue = v;
        } else if (metric.equals(anomaly.stringParam("metric"))) {
            double sd = Math.max(Math.sqrt(d.variance), anomaly.doubleParam("minStdDev"));
            if (d.count >= anomaly.intParam("warmup") && Math.abs(v - d.mean) / sd > anomaly.doubleParam("zThreshold")) {
                trigger(d, anomaly, reading.getDeviceId(), id, t, false);
            }
            double alpha = anomaly.doubleParam("alpha");
            if (d.count == 0) {
                d.mean = v;
            } else {
                double diff = v - d.mean;
                d.mean += alpha * diff;
                d.variance = (1 - alpha) * (d.variance + diff * alpha * diff);
            }
            d.count++;
        } else if (metric.equals(flatline.stringParam("metric"))) {
            boolean within = d.runId != null && Math.abs(v - d.runValue) <= flatline.doubleParam("tolerance");
            if (within) {
                if (!d.open.containsKey(flatline.id())
                        && t - d.runMillis > flatline.durationParam("duration").toMillis()) {
                    trigger(d, flatline, reading.getDeviceId(), id, t, true);
                }
            } else {
                if (d.open.containsKey(flatline.id())) {
                    resolve(d, flatline, reading.getDeviceId(), id, t);
                }
                d.runId = id;
                d.runMillis = t;
                d.runValue = v;
            }
        }
        d.lastId = id;
        d.lastMillis = t;
    }

    /** Closes the books at {@code endMillis}: devices silent since before the deadline are silenced now. */
    List<Expected> finish(long endMillis) {
        devices.forEach((deviceId, d) -> {
            long due = d.lastMillis + silence.durationParam("deadline").toMillis();
            if (!d.open.containsKey(silence.id()) && due <= endMillis) {
                trigger(d, silence, deviceId, d.lastId, due, true);
            }
        });
        return List.copyOf(alerts);
    }

    private void silenceBefore(DeviceMemory d, String deviceId, String id, long t) {
        if (d.lastId == null) {
            return;
        }
        long due = d.lastMillis + silence.durationParam("deadline").toMillis();
        if (due <= t) {
            trigger(d, silence, deviceId, d.lastId, due, true);
        }
        if (d.open.containsKey(silence.id())) {
            resolve(d, silence, deviceId, id, t);
        }
    }

    private void trigger(DeviceMemory d, RuleSpec rule, String deviceId, String eventId, long t, boolean episodic) {
        Long previous = d.lastTrigger.put(rule.id(), t);
        boolean announce = previous == null || t - previous >= rule.cooldown().toMillis();
        if (announce) {
            alerts.add(new Expected(rule.id(), deviceId, true, eventId, t));
        }
        if (episodic) {
            d.open.put(rule.id(), announce);
        }
    }

    private void resolve(DeviceMemory d, RuleSpec rule, String deviceId, String eventId, long t) {
        if (Boolean.TRUE.equals(d.open.remove(rule.id()))) {
            alerts.add(new Expected(rule.id(), deviceId, false, eventId, t));
        }
    }
}

package io.vigil.detectors.telemetry;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A read-only snapshot of one device's detector state, shaped for people and JSON (interactive queries): when
 * it was last seen and when each silence rule would fire, each watched metric's newest reading, baseline and
 * run of unchanged values, and the open OPEN/RESOLVED episodes. Times are ISO-8601 instants, null when unknown.
 *
 * @param deviceId         the device
 * @param newestEventTime  the newest event time seen on the device (its watermark for lateness)
 * @param lastSeen         wall-clock time the device's last reading was processed
 * @param lastEventId      the last reading received
 * @param recentReadings   readings remembered for duplicate detection (those within the grace period)
 * @param silence          per silence rule, when it fires if nothing arrives
 * @param metrics          per watched metric, by name
 * @param openAlerts       open episodes, by rule id; a muted one opened inside its cooldown and announced nothing
 */
public record DeviceStateView(String deviceId, String newestEventTime, String lastSeen, String lastEventId,
                              int recentReadings, List<Silence> silence, Map<String, Metric> metrics,
                              List<OpenAlert> openAlerts) {

    public record Silence(String ruleId, double deadlineSeconds, String dueAt) {
    }

    /**
     * @param baselineCount readings folded into the EWMA baseline (the anomaly rule waits for its warm-up)
     * @param flatlineSince start of the current run of unchanged values, when a flatline rule watches the metric
     */
    public record Metric(double newestValue, String newestTime, long baselineCount, double baselineMean,
                         double baselineStdDev, Double flatlineValue, String flatlineSince) {
    }

    /** @param alertId the OPEN alert's id, null when the episode is muted */
    public record OpenAlert(String ruleId, String alertId, String openedAt, boolean muted) {
    }

    /** The view of {@code state} under the rules that {@code detection} runs. */
    public static DeviceStateView of(String deviceId, DeviceState state, DeviceDetection detection) {
        List<Silence> silence = new ArrayList<>();
        for (SilenceDetector rule : detection.silenceDetectors()) {
            silence.add(new Silence(rule.rule().id(), rule.deadlineMillis() / 1000.0,
                    state.everSeen() ? time(rule.dueAtMillis(state)) : null));
        }
        Map<String, Metric> metrics = new TreeMap<>();
        state.metrics().forEach((name, m) -> metrics.put(name, new Metric(m.newestValue(), time(m.newestMillis()),
                m.baseline().count(), m.baseline().mean(), Math.sqrt(m.baseline().variance()),
                m.hasRun() ? m.runValue() : null, m.hasRun() ? time(m.runStartMillis()) : null)));
        List<OpenAlert> open = new ArrayList<>();
        new TreeMap<>(state.episodes()).forEach((ruleId, episode) ->
                open.add(new OpenAlert(ruleId, episode.alertId(), time(episode.openedMillis()), episode.muted())));
        return new DeviceStateView(deviceId, time(state.maxEventTimeMillis()),
                state.everSeen() ? time(state.lastSeenMillis()) : null, state.lastEventId(),
                state.recentEvents().size(), List.copyOf(silence), Collections.unmodifiableMap(metrics), List.copyOf(open));
    }

    private static String time(long millis) {
        return millis == Long.MIN_VALUE ? null : Instant.ofEpochMilli(millis).toString();
    }
}

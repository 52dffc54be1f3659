package io.vigil.lab.eval;

import io.vigil.config.RuleSet;
import io.vigil.config.RuleSpec;
import io.vigil.detectors.telemetry.DeviceDetection;
import io.vigil.detectors.telemetry.DeviceState;
import io.vigil.events.Alert;
import io.vigil.events.AlertStatus;
import io.vigil.events.Telemetry;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Streams one NAB series through Vigil's telemetry detection, as the device processor does: one device and
 * one metric per file, readings in order with their own timestamps, each through
 * {@link DeviceDetection#process}. A row is a detection when an OPEN alert was raised on it. Silence is not
 * run: it is measured on the wall clock, which recorded data does not have.
 */
public final class NabRunner {

    /** The metric name every NAB series is read as. */
    public static final String METRIC = "value";

    private NabRunner() {
    }

    /** Which rows raised an OPEN alert under {@code rules}. */
    public static boolean[] detections(NabSeries series, List<RuleSpec> rules) {
        DeviceDetection detection = DeviceDetection.fromRules(new RuleSet(rules), Duration.ZERO);
        DeviceState state = new DeviceState();
        String device = deviceId(series);
        boolean[] detected = new boolean[series.size()];
        for (int i = 0; i < series.size(); i++) {
            long t = series.timestamps()[i];
            List<Alert> alerts = detection.process(state, reading(device, i, t, series.values()[i]), t).alerts();
            for (Alert alert : alerts) {
                detected[i] |= alert.getStatus() == AlertStatus.OPEN;
            }
        }
        return detected;
    }

    public static String deviceId(NabSeries series) {
        return "nab:" + series.name();
    }

    public static Telemetry reading(String device, int row, long millis, double value) {
        return Telemetry.newBuilder().setEventId(device + "#" + row).setDeviceId(device)
                .setTimestamp(Instant.ofEpochMilli(millis)).setMetric(METRIC).setValue(value).setUnit("").build();
    }
}

package io.vigil.detectors.telemetry;

import io.vigil.config.RuleSpec;
import io.vigil.events.Alert;
import io.vigil.events.Telemetry;
import io.vigil.serdes.testkit.Events;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Test-data factory: readings and telemetry rules with sensible defaults, overridden where a test cares. */
final class Devices {

    static final Instant T0 = Events.T0;
    static final String DEVICE = "device-1";

    private Devices() {
    }

    static Telemetry reading(String eventId, long secondsAfterT0, String metric, double value) {
        return readingAt(eventId, secondsAfterT0 * 1000, metric, value);
    }

    static Telemetry readingAt(String eventId, long millisAfterT0, String metric, double value) {
        return Events.aReading().id(eventId).device(DEVICE).at(T0.plusMillis(millisAfterT0)).metric(metric).value(value)
                .unit("").build();
    }

    static RuleSpec rule(String detector, Duration cooldown, Map<String, String> params) {
        return new RuleSpec(detector, 1, detector, true, "HIGH", cooldown, params);
    }

    static ThresholdDetector threshold(double upper, double lower, Duration cooldown) {
        return new ThresholdDetector(rule(TelemetryDetectors.THRESHOLD, cooldown,
                Map.of("metric", "temperature", "upper", "" + upper, "lower", "" + lower)));
    }

    static RateOfChangeDetector rateOfChange(double maxPerSecond) {
        return new RateOfChangeDetector(rule(TelemetryDetectors.RATE_OF_CHANGE, Duration.ofMinutes(10),
                Map.of("metric", "pressure", "maxPerSecond", "" + maxPerSecond)));
    }

    static TelemetryAnomalyDetector anomaly(double alpha, double zThreshold, int warmup, double minStdDev) {
        return new TelemetryAnomalyDetector(rule(TelemetryDetectors.TELEMETRY_ANOMALY, Duration.ZERO,
                Map.of("metric", "vibration", "alpha", "" + alpha, "zThreshold", "" + zThreshold,
                        "warmup", "" + warmup, "minStdDev", "" + minStdDev)));
    }

    static FlatlineDetector flatline(String duration, double tolerance) {
        return new FlatlineDetector(rule(TelemetryDetectors.FLATLINE, Duration.ofMinutes(10),
                Map.of("metric", "humidity", "duration", duration, "tolerance", "" + tolerance)));
    }

    static SilenceDetector silence(String deadline, Duration cooldown) {
        return new SilenceDetector(rule(TelemetryDetectors.SILENCE, cooldown,
                Map.of("deadline", deadline, "checkInterval", "1s")));
    }

    /** One detection engine and one device, fed readings; "now" is the reading's event time unless a test says otherwise. */
    static final class Feed {
        final DeviceDetection detection;
        DeviceState state = new DeviceState();

        Feed(TelemetryDetector... detectors) {
            this(List.of(detectors), List.of());
        }

        Feed(List<TelemetryDetector> detectors, List<SilenceDetector> silence) {
            this.detection = new DeviceDetection(detectors, silence, Duration.ofSeconds(30));
        }

        List<Alert> feed(Telemetry... readings) {
            List<Alert> alerts = new ArrayList<>();
            for (Telemetry reading : readings) {
                alerts.addAll(detection.process(state, reading, reading.getTimestamp().toEpochMilli()).alerts());
            }
            return alerts;
        }

        /** Simulates a restart: the state goes through its changelog bytes and comes back. */
        void restart() {
            state = DeviceStateCodec.decode(DeviceStateCodec.encode(state));
        }
    }
}

package io.vigil.detectors.telemetry;

import static io.vigil.detectors.telemetry.TelemetryDetectors.human;

import io.vigil.config.RuleSpec;
import io.vigil.detectors.Finding;
import io.vigil.events.Telemetry;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Opens when a device has sent nothing for {@code deadline} of wall-clock time, whether or not anything else
 * arrives, and resolves when the device sends again. Reads {@code deadline} and {@code checkInterval} (how
 * often the topology looks for silent devices, so an alert comes at most that much after the deadline).
 *
 * <p>Wall-clock, not event time: a silent device produces no events, so its event time stops with it, and a
 * quiet partition has no stream time that could pass a deadline. The trade-off: "last seen" is when the
 * processor saw the reading, so a processing stall longer than {@code deadline} minus the reporting interval
 * makes devices look silent. The deadline is reached when {@code now >= lastSeen + deadline}.
 */
public final class SilenceDetector {

    private final RuleSpec rule;
    private final long deadlineMillis;
    private final Duration checkInterval;

    public SilenceDetector(RuleSpec rule) {
        this.rule = rule;
        this.deadlineMillis = rule.durationParam("deadline").toMillis();
        this.checkInterval = rule.durationParam("checkInterval");
    }

    public RuleSpec rule() {
        return rule;
    }

    public long deadlineMillis() {
        return deadlineMillis;
    }

    public Duration checkInterval() {
        return checkInterval;
    }

    /** The wall-clock time at which the device's silence reaches this rule's deadline. */
    public long dueAtMillis(DeviceState device) {
        return device.lastSeenMillis() + deadlineMillis;
    }

    /** The OPEN finding when the device has reached the deadline at {@code nowMillis} and is not yet silenced. */
    public Optional<Finding> check(String deviceId, DeviceState device, long nowMillis) {
        if (!device.everSeen() || device.episode(rule.id()) != null || nowMillis < dueAtMillis(device)) {
            return Optional.empty();
        }
        long silentMillis = nowMillis - device.lastSeenMillis();
        return Optional.of(new Finding(device.lastEventId(), List.of(device.lastEventId()),
                device.lastSeenMillis(), dueAtMillis(device),
                Map.of("silentSeconds", silentMillis / 1000.0, "deadlineSeconds", deadlineMillis / 1000.0,
                        "delaySeconds", (nowMillis - dueAtMillis(device)) / 1000.0),
                "Device " + deviceId + " silent for " + human(silentMillis) + " (deadline " + human(deadlineMillis)
                        + "); last reading " + device.lastEventId()));
    }

    /** The RESOLVED finding for {@code reading}, given the device state from before the reading was seen. */
    public Finding resolution(DeviceState device, Telemetry reading, long nowMillis) {
        long silentMillis = Math.max(0, nowMillis - device.lastSeenMillis());
        return new Finding(reading.getEventId(), List.of(reading.getEventId()), device.lastSeenMillis(), nowMillis,
                Map.of("silentSeconds", silentMillis / 1000.0),
                "Device " + reading.getDeviceId() + " reporting again after " + human(silentMillis) + " of silence");
    }
}

package io.vigil.detectors.telemetry;

import static io.vigil.detectors.telemetry.Devices.DEVICE;
import static io.vigil.detectors.telemetry.Devices.T0;
import static io.vigil.detectors.telemetry.Devices.reading;
import static io.vigil.detectors.telemetry.Devices.silence;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigil.detectors.AlertIds;
import io.vigil.events.Alert;
import io.vigil.events.AlertStatus;
import io.vigil.events.EntityType;
import io.vigil.events.Severity;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/** Silence is driven by wall-clock time passed in; here "now" is T0 plus the stated seconds. */
class SilenceDetectorTest {

    private static final long NOW0 = T0.toEpochMilli();

    private final DeviceDetection detection = new DeviceDetection(List.of(),
            List.of(silence("60s", Duration.ofMinutes(5))), Duration.ofSeconds(30));
    private final DeviceState state = new DeviceState();

    private DeviceDetection.Outcome speak(String eventId, long atSeconds) {
        return detection.process(state, reading(eventId, atSeconds, "temperature", 20.0), NOW0 + atSeconds * 1000);
    }

    private DeviceDetection.SilenceCheck check(long atMillis) {
        return detection.checkSilence(state, DEVICE, NOW0 + atMillis);
    }

    @Test
    void shouldAskToIndexTheDeviceOnItsFirstReadingOnly() {
        assertEquals(OptionalLong.of(NOW0 + 60_000), speak("a", 0).deadlineToIndex());
        assertEquals(OptionalLong.empty(), speak("b", 10).deadlineToIndex());
    }

    @Test
    void shouldNotFireBeforeTheDeadlineAndSayWhenItIsReallyDue() {
        speak("a", 0);
        speak("b", 10);

        // The index entry came up at 60 s, but the device spoke at 10 s: look again at 70 s.
        DeviceDetection.SilenceCheck early = check(60_000);
        assertEquals(List.of(), early.alerts());
        assertEquals(OptionalLong.of(NOW0 + 70_000), early.nextDeadline());
        assertFalse(early.stateChanged());
        assertEquals(List.of(), check(69_999).alerts());
    }

    @Test
    void shouldOpenExactlyAtTheDeadlineWithTheWholeAlert() {
        speak("a", 0);
        speak("b", 10);

        DeviceDetection.SilenceCheck due = check(70_000);

        Alert expected = Alert.newBuilder()
                .setAlertId(AlertIds.alertId("silence", DEVICE, "b"))
                .setRuleId("silence").setRuleVersion(1).setDetector("silence")
                .setEntityType(EntityType.DEVICE).setEntityId(DEVICE)
                .setSeverity(Severity.HIGH).setStatus(AlertStatus.OPEN).setResolvesAlertId(null)
                .setEventTimestamp(T0.plusSeconds(70))
                .setWindowStart(T0.plusSeconds(10)).setWindowEnd(T0.plusSeconds(70))
                .setTriggeringEventIds(List.of("b"))
                .setFeatures(Map.of("silentSeconds", 60.0, "deadlineSeconds", 60.0, "delaySeconds", 0.0))
                .setExplanation("Device device-1 silent for 60 s (deadline 60 s); last reading b")
                .build();
        assertEquals(List.of(expected), due.alerts());
        assertEquals(OptionalLong.empty(), due.nextDeadline());
        assertTrue(due.stateChanged());
    }

    @Test
    void shouldOpenOnlyOncePerEpisodeHoweverOftenItIsChecked() {
        speak("a", 0);
        assertEquals(1, check(61_000).alerts().size());

        assertEquals(List.of(), check(62_000).alerts());
        assertEquals(List.of(), check(600_000).alerts());
    }

    @Test
    void shouldResolveWhenTheDeviceSpeaksAgainAndIndexItAgain() {
        speak("a", 0);
        String openId = check(65_000).alerts().get(0).getAlertId();

        DeviceDetection.Outcome back = speak("c", 100);

        assertEquals(1, back.alerts().size());
        Alert resolved = back.alerts().get(0);
        assertEquals(AlertIds.resolutionId(openId), resolved.getAlertId());
        assertEquals(openId, resolved.getResolvesAlertId());
        assertEquals(AlertStatus.RESOLVED, resolved.getStatus());
        assertEquals(List.of("c"), resolved.getTriggeringEventIds());
        assertEquals(Instant.ofEpochMilli(NOW0), resolved.getWindowStart());
        assertEquals(T0.plusSeconds(100), resolved.getWindowEnd());
        assertEquals("Device device-1 reporting again after 100 s of silence", resolved.getExplanation());
        assertEquals(OptionalLong.of(NOW0 + 160_000), back.deadlineToIndex());
        assertEquals(List.of(), speak("d", 110).alerts());
    }

    @Test
    void shouldResolveEvenOnAReadingTooLateForDetection() {
        speak("a", 0);
        check(65_000);

        // The device flushes a reading it took long ago: it is late by event time, but the device is alive.
        DeviceDetection.Outcome outcome = detection.process(state, reading("old", -600, "temperature", 20.0),
                NOW0 + 100_000);

        assertEquals(DeviceDetection.Disposition.LATE, outcome.disposition());
        assertEquals(AlertStatus.RESOLVED, outcome.alerts().get(0).getStatus());
        assertEquals(OptionalLong.of(NOW0 + 160_000), outcome.deadlineToIndex());
    }

    @Test
    void shouldMuteASecondSilenceWithinTheCooldown() {
        // Cooldown 5 min: silent at 60 s (OPEN), back at 90 s (RESOLVED), silent again at 150 s: muted, and so is its end.
        speak("a", 0);
        assertEquals(1, check(60_000).alerts().size());
        assertEquals(1, speak("b", 90).alerts().size());

        DeviceDetection.SilenceCheck again = check(150_000);
        assertEquals(List.of(), again.alerts());
        assertTrue(again.stateChanged());
        assertEquals(List.of(), speak("c", 200).alerts());
    }

    @Test
    void shouldNeverFireForADeviceNeverSeen() {
        assertEquals(List.of(), check(1_000_000).alerts());
        assertEquals(OptionalLong.empty(), detection.nextDeadline(state));
    }

    @Test
    void shouldCheckTheEarliestPendingDeadlineWhenSeveralSilenceRulesRun() {
        SilenceDetector warn = new SilenceDetector(Devices.rule("silence", Duration.ZERO,
                Map.of("deadline", "30s", "checkInterval", "5s")));
        SilenceDetector critical = new SilenceDetector(new io.vigil.config.RuleSpec("silence-critical", 1, "silence",
                true, "CRITICAL", Duration.ZERO, Map.of("deadline", "120s", "checkInterval", "1s")));
        DeviceDetection two = new DeviceDetection(List.of(), List.of(warn, critical), Duration.ofSeconds(30));
        DeviceState device = new DeviceState();

        assertEquals(OptionalLong.of(NOW0 + 30_000),
                two.process(device, reading("a", 0, "temperature", 1.0), NOW0).deadlineToIndex());
        assertEquals(Duration.ofSeconds(1), two.checkInterval().orElseThrow());
        DeviceDetection.SilenceCheck first = two.checkSilence(device, DEVICE, NOW0 + 30_000);
        assertEquals(List.of("silence"), first.alerts().stream().map(Alert::getRuleId).toList());
        assertEquals(OptionalLong.of(NOW0 + 120_000), first.nextDeadline());
        DeviceDetection.SilenceCheck second = two.checkSilence(device, DEVICE, NOW0 + 120_000);
        assertEquals(List.of("silence-critical"), second.alerts().stream().map(Alert::getRuleId).toList());
        assertEquals(OptionalLong.empty(), second.nextDeadline());
    }
}

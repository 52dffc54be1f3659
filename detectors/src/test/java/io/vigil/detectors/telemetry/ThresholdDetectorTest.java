package io.vigil.detectors.telemetry;

import static io.vigil.detectors.telemetry.Devices.DEVICE;
import static io.vigil.detectors.telemetry.Devices.T0;
import static io.vigil.detectors.telemetry.Devices.reading;
import static io.vigil.detectors.telemetry.Devices.threshold;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.vigil.detectors.AlertIds;
import io.vigil.events.Alert;
import io.vigil.events.AlertStatus;
import io.vigil.events.EntityType;
import io.vigil.events.Severity;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

class ThresholdDetectorTest {

    private static final String METRIC = "temperature";

    private final Devices.Feed device = new Devices.Feed(threshold(90, 85, Duration.ofMinutes(10)));

    @Test
    void shouldNotOpenAtExactlyTheUpperLimit() {
        // Given upper 90: 90 is not above it.
        assertEquals(List.of(), device.feed(reading("a", 0, METRIC, 90.0)));
    }

    @Test
    void shouldOpenWithTheWholeAlertWhenAboveTheUpperLimit() {
        List<Alert> alerts = device.feed(reading("a", 0, METRIC, 80.0), reading("b", 10, METRIC, 90.5));

        Alert expected = Alert.newBuilder()
                .setAlertId(AlertIds.alertId("threshold", DEVICE, "b"))
                .setRuleId("threshold").setRuleVersion(1).setDetector("threshold")
                .setEntityType(EntityType.DEVICE).setEntityId(DEVICE)
                .setSeverity(Severity.HIGH).setStatus(AlertStatus.OPEN).setResolvesAlertId(null)
                .setEventTimestamp(T0.plusSeconds(10)).setWindowStart(T0.plusSeconds(10)).setWindowEnd(T0.plusSeconds(10))
                .setTriggeringEventIds(List.of("b"))
                .setFeatures(Map.of("value", 90.5, "upper", 90.0, "lower", 85.0))
                .setExplanation("temperature on device device-1 at 90.50, above 90.00 (resolves below 85.00)")
                .build();
        assertEquals(List.of(expected), alerts);
    }

    @Test
    void shouldStayOpenAtExactlyTheLowerLimitAndResolveJustBelowIt() {
        // Given open at 10 s; 85 is not below 85, 84.99 is, 60 s after the OPEN.
        String openId = device.feed(reading("a", 10, METRIC, 95.0)).get(0).getAlertId();

        assertEquals(List.of(), device.feed(reading("b", 40, METRIC, 85.0)));
        List<Alert> resolved = device.feed(reading("c", 70, METRIC, 84.99));

        Alert expected = Alert.newBuilder()
                .setAlertId(AlertIds.resolutionId(openId))
                .setRuleId("threshold").setRuleVersion(1).setDetector("threshold")
                .setEntityType(EntityType.DEVICE).setEntityId(DEVICE)
                .setSeverity(Severity.HIGH).setStatus(AlertStatus.RESOLVED).setResolvesAlertId(openId)
                .setEventTimestamp(T0.plusSeconds(70)).setWindowStart(T0.plusSeconds(10)).setWindowEnd(T0.plusSeconds(70))
                .setTriggeringEventIds(List.of("c"))
                .setFeatures(Map.of("value", 84.99, "upper", 90.0, "lower", 85.0, "openSeconds", 60.0))
                .setExplanation("temperature on device device-1 back at 84.99, below 85.00 after 60 s")
                .build();
        assertEquals(List.of(expected), resolved);
    }

    @Test
    void shouldNotFlapWhenTheValueHoversAroundTheUpperLimit() {
        // Between the limits nothing resolves, so crossing 90 again and again is still the first episode.
        List<Alert> alerts = device.feed(
                reading("a", 0, METRIC, 89.9), reading("b", 10, METRIC, 90.1), reading("c", 20, METRIC, 89.9),
                reading("d", 30, METRIC, 90.1), reading("e", 40, METRIC, 86.0), reading("f", 50, METRIC, 91.0));

        assertEquals(1, alerts.size());
        assertEquals(AlertIds.alertId("threshold", DEVICE, "b"), alerts.get(0).getAlertId());
    }

    @Test
    void shouldOpenANewEpisodeWithANewIdOnceTheCooldownHasPassed() {
        List<Alert> first = device.feed(reading("a", 0, METRIC, 95.0), reading("b", 60, METRIC, 70.0));
        List<Alert> second = device.feed(reading("c", 660, METRIC, 95.0), reading("d", 720, METRIC, 70.0));

        assertEquals(List.of(AlertStatus.OPEN, AlertStatus.RESOLVED), first.stream().map(Alert::getStatus).toList());
        assertEquals(List.of(AlertStatus.OPEN, AlertStatus.RESOLVED), second.stream().map(Alert::getStatus).toList());
        assertNotEquals(first.get(0).getAlertId(), second.get(0).getAlertId());
        assertEquals(second.get(0).getAlertId(), second.get(1).getResolvesAlertId());
    }

    @Test
    void shouldMuteAWholeEpisodeThatStartsWithinTheCooldown() {
        // The second crossing, 2 min after the first (cooldown 10 min), opens no alert, so its end resolves none.
        List<Alert> alerts = device.feed(
                reading("a", 0, METRIC, 95.0), reading("b", 60, METRIC, 70.0),
                reading("c", 120, METRIC, 95.0), reading("d", 180, METRIC, 70.0));

        assertEquals(List.of(AlertStatus.OPEN, AlertStatus.RESOLVED), alerts.stream().map(Alert::getStatus).toList());
    }

    @Test
    void shouldNotResolveOnAReadingThatArrivesOutOfOrder() {
        device.feed(reading("a", 0, METRIC, 80.0), reading("b", 20, METRIC, 95.0));

        // 10 s is older than the newest reading: it says nothing about the present.
        assertEquals(List.of(), device.feed(reading("c", 10, METRIC, 60.0)));
        assertEquals(AlertStatus.RESOLVED, device.feed(reading("d", 30, METRIC, 60.0)).get(0).getStatus());
    }

    @Test
    void shouldNeitherReopenNorReresolveAfterARestartMidEpisode() {
        String openId = device.feed(reading("a", 0, METRIC, 95.0)).get(0).getAlertId();

        device.restart();

        assertEquals(List.of(), device.feed(reading("b", 10, METRIC, 96.0)));
        List<Alert> resolved = device.feed(reading("c", 20, METRIC, 60.0));
        assertEquals(openId, resolved.get(0).getResolvesAlertId());
        device.restart();
        assertEquals(List.of(), device.feed(reading("c", 20, METRIC, 60.0), reading("d", 30, METRIC, 61.0)));
    }

    @Test
    void shouldIgnoreOtherMetrics() {
        assertEquals(List.of(), device.feed(reading("a", 0, "pressure", 1000.0)));
        assertEquals(Map.of(), device.state.metrics());
    }
}

package io.vigil.detectors.telemetry;

import static io.vigil.detectors.telemetry.Devices.DEVICE;
import static io.vigil.detectors.telemetry.Devices.T0;
import static io.vigil.detectors.telemetry.Devices.rateOfChange;
import static io.vigil.detectors.telemetry.Devices.reading;
import static io.vigil.detectors.telemetry.Devices.readingAt;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vigil.detectors.AlertIds;
import io.vigil.events.Alert;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

class RateOfChangeDetectorTest {

    private static final String METRIC = "pressure";

    @Test
    void shouldNotFireAtExactlyTheLimit() {
        // 100 -> 110 in 10 s is 1.0 per second: not above a limit of 1.0.
        assertEquals(List.of(), new Devices.Feed(rateOfChange(1.0))
                .feed(reading("a", 0, METRIC, 100.0), reading("b", 10, METRIC, 110.0)));
    }

    @Test
    void shouldFireJustAboveTheLimitNamingBothReadings() {
        List<Alert> alerts = new Devices.Feed(rateOfChange(0.99))
                .feed(reading("a", 0, METRIC, 100.0), reading("b", 10, METRIC, 110.0));

        assertEquals(1, alerts.size());
        Alert alert = alerts.get(0);
        assertEquals(AlertIds.alertId("rate-of-change", DEVICE, "b"), alert.getAlertId());
        assertEquals(List.of("a", "b"), alert.getTriggeringEventIds());
        assertEquals(T0, alert.getWindowStart());
        assertEquals(T0.plusSeconds(10), alert.getWindowEnd());
        assertEquals(Map.of("change", 10.0, "seconds", 10.0, "ratePerSecond", 1.0, "maxPerSecond", 0.99),
                alert.getFeatures());
        assertEquals("pressure on device device-1 rose by 10.00 in 10 s (1.00/s, limit 0.99/s)", alert.getExplanation());
    }

    @Test
    void shouldFireOnAFallAsOnARise() {
        // 100 -> 95 in 2.5 s: 2 per second, down.
        List<Alert> alerts = new Devices.Feed(rateOfChange(1.5))
                .feed(reading("a", 0, METRIC, 100.0), readingAt("b", 2_500, METRIC, 95.0));

        assertEquals(-5.0, alerts.get(0).getFeatures().get("change"));
        assertEquals(2.0, alerts.get(0).getFeatures().get("ratePerSecond"));
    }

    @Test
    void shouldSkipTwoReadingsWithTheSameEventTime() {
        assertEquals(List.of(), new Devices.Feed(rateOfChange(1.0))
                .feed(reading("a", 0, METRIC, 100.0), reading("b", 0, METRIC, 500.0)));
    }

    @Test
    void shouldCompareAnOutOfOrderReadingWithTheNewest() {
        // Newest is 100 at 20 s; a reading of 70 stamped 10 s arrives late: 30 over 10 s, 3 per second.
        List<Alert> alerts = new Devices.Feed(rateOfChange(2.0))
                .feed(reading("a", 0, METRIC, 100.0), reading("b", 20, METRIC, 100.0), reading("late", 10, METRIC, 70.0));

        assertEquals(List.of("late", "b"), alerts.get(0).getTriggeringEventIds());
        assertEquals(30.0, alerts.get(0).getFeatures().get("change"));
    }

    @Test
    void shouldStayQuietWhileTheRampContinuesWithinTheCooldown() {
        // A ramp of 5 per second for 30 s is one episode: one alert.
        Devices.Feed device = new Devices.Feed(rateOfChange(1.0));
        List<Alert> alerts = device.feed(reading("a", 0, METRIC, 100.0), reading("b", 10, METRIC, 150.0),
                reading("c", 20, METRIC, 200.0), reading("d", 30, METRIC, 250.0));

        assertEquals(1, alerts.size());
    }
}

package io.vigil.detectors.telemetry;

import static io.vigil.detectors.telemetry.Devices.DEVICE;
import static io.vigil.detectors.telemetry.Devices.T0;
import static io.vigil.detectors.telemetry.Devices.flatline;
import static io.vigil.detectors.telemetry.Devices.reading;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vigil.detectors.AlertIds;
import io.vigil.events.Alert;
import io.vigil.events.AlertStatus;
import io.vigil.events.Telemetry;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

class FlatlineDetectorTest {

    private static final String METRIC = "humidity";

    private final Devices.Feed device = new Devices.Feed(flatline("60s", 0.05));

    /** Readings of {@code value} every 10 s from {@code fromSeconds} to {@code toSeconds}, ids prefixed. */
    private static Telemetry[] constant(String prefix, long fromSeconds, long toSeconds, double value) {
        List<Telemetry> readings = new ArrayList<>();
        for (long s = fromSeconds; s <= toSeconds; s += 10) {
            readings.add(reading(prefix + s, s, METRIC, value));
        }
        return readings.toArray(Telemetry[]::new);
    }

    @Test
    void shouldNotOpenWhenTheRunLastsExactlyTheDuration() {
        // 0 s to 60 s of one value is a 60 s run: not longer than 60 s.
        assertEquals(List.of(), device.feed(constant("r", 0, 60, 45.2)));
    }

    @Test
    void shouldOpenOnTheFirstReadingPastTheDuration() {
        device.feed(constant("r", 0, 60, 45.2));

        List<Alert> alerts = device.feed(reading("r70", 70, METRIC, 45.2));

        assertEquals(1, alerts.size());
        Alert alert = alerts.get(0);
        assertEquals(AlertIds.alertId("flatline", DEVICE, "r70"), alert.getAlertId());
        assertEquals(List.of("r0", "r70"), alert.getTriggeringEventIds());
        assertEquals(T0, alert.getWindowStart());
        assertEquals(T0.plusSeconds(70), alert.getWindowEnd());
        assertEquals(Map.of("value", 45.2, "stuckSeconds", 70.0, "durationSeconds", 60.0, "tolerance", 0.05),
                alert.getFeatures());
        assertEquals("humidity on device device-1 stuck at 45.20 for 70 s (limit 60 s)", alert.getExplanation());
    }

    @Test
    void shouldCountChangesWithinToleranceAsUnchanged() {
        // Within 0.05 of the run's first value 45.20: 45.24 and 45.16 keep the run going.
        List<Alert> alerts = device.feed(reading("a", 0, METRIC, 45.2), reading("b", 30, METRIC, 45.24),
                reading("c", 61, METRIC, 45.16));

        assertEquals(1, alerts.size());
    }

    @Test
    void shouldRestartTheRunWhenTheValueLeavesTheTolerance() {
        // 45.26 breaks the run at 30 s; from there 60 s have not passed by 80 s.
        assertEquals(List.of(), device.feed(reading("a", 0, METRIC, 45.2), reading("b", 30, METRIC, 45.26),
                reading("c", 80, METRIC, 45.26)));
        assertEquals(1, device.feed(reading("d", 91, METRIC, 45.26)).size());
    }

    @Test
    void shouldResolveWhenTheValueChangesAndOnlyThen() {
        device.feed(constant("r", 0, 60, 45.2));
        String openId = device.feed(reading("r70", 70, METRIC, 45.2)).get(0).getAlertId();

        assertEquals(List.of(), device.feed(reading("r80", 80, METRIC, 45.2)));
        List<Alert> resolved = device.feed(reading("moved", 90, METRIC, 47.0));

        assertEquals(1, resolved.size());
        assertEquals(AlertStatus.RESOLVED, resolved.get(0).getStatus());
        assertEquals(AlertIds.resolutionId(openId), resolved.get(0).getAlertId());
        assertEquals(openId, resolved.get(0).getResolvesAlertId());
        assertEquals("humidity on device device-1 moved to 47.00 after 90 s at 45.20", resolved.get(0).getExplanation());
    }

    @Test
    void shouldIgnoreAnOutOfOrderReading() {
        device.feed(reading("a", 0, METRIC, 45.2), reading("b", 50, METRIC, 45.2));

        // A different value stamped 40 s, arriving late, neither breaks the run nor counts in it.
        assertEquals(List.of(), device.feed(reading("late", 40, METRIC, 50.0)));
        assertEquals(1, device.feed(reading("c", 61, METRIC, 45.2)).size());
    }
}

package io.vigil.detectors.telemetry;

import static io.vigil.detectors.telemetry.Devices.anomaly;
import static io.vigil.detectors.telemetry.Devices.reading;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vigil.detectors.Ewma;
import io.vigil.events.Alert;
import io.vigil.events.Telemetry;

import org.junit.jupiter.api.Test;

import java.util.List;

class TelemetryAnomalyDetectorTest {

    private static final String METRIC = "vibration";

    /** {@code steady} readings of 2.0 ten seconds apart, then one of {@code last}. */
    private static Telemetry[] steadyThen(int steady, double last) {
        Telemetry[] readings = new Telemetry[steady + 1];
        for (int i = 0; i < steady; i++) {
            readings[i] = reading("s" + i, i * 10L, METRIC, 2.0);
        }
        readings[steady] = reading("last", steady * 10L, METRIC, last);
        return readings;
    }

    private static List<Alert> run(int warmup, Telemetry... readings) {
        return new Devices.Feed(anomaly(0.1, 5.0, warmup, 0.25)).feed(readings);
    }

    @Test
    void shouldFireAfterWarmupWhenFarAboveTheBaseline() {
        // Five readings of 2.0: mean 2.0, variance 0, so the 0.25 floor applies. 3.5 gives z = 1.5 / 0.25 = 6 > 5.
        List<Alert> alerts = run(5, steadyThen(5, 3.5));

        assertEquals(1, alerts.size());
        assertEquals(6.0, alerts.get(0).getFeatures().get("zScore"), 1e-9);
        assertEquals(List.of("last"), alerts.get(0).getTriggeringEventIds());
        assertEquals("vibration on device device-1 at 3.50, 6.0 standard deviations above its recent mean 2.00 "
                + "(over 5 readings)", alerts.get(0).getExplanation());
    }

    @Test
    void shouldFireFarBelowTheBaselineToo() {
        // 0.5 gives z = -6: the rule is two-sided.
        List<Alert> alerts = run(5, steadyThen(5, 0.5));

        assertEquals(-6.0, alerts.get(0).getFeatures().get("zScore"), 1e-9);
    }

    @Test
    void shouldNotFireAtExactlyTheThreshold() {
        // 3.25 and 0.75 give z = +5 and -5 exactly (all in binary fractions): not beyond 5.
        assertEquals(List.of(), run(5, steadyThen(5, 3.25)));
        assertEquals(List.of(), run(5, steadyThen(5, 0.75)));
    }

    @Test
    void shouldNotFireDuringWarmup() {
        // Four earlier readings with warm-up five: still learning, even for an extreme value.
        assertEquals(List.of(), run(5, steadyThen(4, 50.0)));
    }

    @Test
    void shouldUseTheMeasuredDeviationWhenItIsAboveTheFloor() {
        // alpha 0.5 on 1, 3: mean 1 -> 2, variance 0 -> 0.5 * (0 + 2 * 1) = 1, sd 1. 8 is z = 6.
        Devices.Feed device = new Devices.Feed(anomaly(0.5, 5.0, 2, 0.1));
        List<Alert> alerts = device.feed(reading("a", 0, METRIC, 1.0), reading("b", 10, METRIC, 3.0),
                reading("c", 20, METRIC, 8.0));

        assertEquals(6.0, alerts.get(0).getFeatures().get("zScore"), 1e-12);
        assertEquals(2.0, alerts.get(0).getFeatures().get("mean"), 1e-12);
        assertEquals(1.0, alerts.get(0).getFeatures().get("stdDev"), 1e-12);
    }

    @Test
    void shouldUpdateEwmaByHand() {
        // alpha 0.5 on 1, 2, 3: mean 1 -> 1.5 -> 2.25; variance 0 -> 0.25 -> 0.5 * (0.25 + 1.5 * 0.75) = 0.6875.
        Ewma b = Ewma.EMPTY.update(1, 0.5).update(2, 0.5).update(3, 0.5);

        assertEquals(3, b.count());
        assertEquals(2.25, b.mean(), 1e-12);
        assertEquals(0.6875, b.variance(), 1e-12);
        assertEquals(-1.25 / Math.sqrt(0.6875), b.zScore(1, 0.1), 1e-12);
        assertEquals(-1.25 / 2, b.zScore(1, 2.0), 1e-12);
    }
}

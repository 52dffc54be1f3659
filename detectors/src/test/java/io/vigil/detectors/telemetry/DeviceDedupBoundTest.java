package io.vigil.detectors.telemetry;

import static io.vigil.detectors.telemetry.Devices.reading;
import static io.vigil.detectors.telemetry.Devices.readingAt;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

/**
 * Issue 12, part 7: a device remembered at most 64 event ids whatever its rules and grace, so a device reporting
 * several metrics every second outran them and a redelivered reading was counted twice.
 */
class DeviceDedupBoundTest {

    @Test
    void shouldSizeTheRememberedIdsFromWatchedMetricsAndGrace() {
        // Given four watched metrics and 30 s of grace: up to 120 readings at one per second per metric
        DeviceDetection detection = new DeviceDetection(List.of(Devices.threshold(80, 60, Duration.ZERO),
                Devices.rateOfChange(5), Devices.anomaly(0.1, 6, 20, 0.1), Devices.flatline("30s", 0.01)),
                List.of(), Duration.ofSeconds(30));

        // Then
        assertEquals(120, detection.recentCapacity());
    }

    @Test
    void shouldNotCountARedeliveryTwiceWhenTheDeviceOutranTheRememberedIds() {
        // Given one watched metric and 30 s of grace (64 ids), and a device sending 10 readings a second
        Devices.Feed device = new Devices.Feed(Devices.threshold(80, 60, Duration.ZERO));
        int capacity = device.detection.recentCapacity();
        for (int i = 0; i < capacity + 20; i++) {
            device.feed(readingAt("r" + i, i * 100L, "temperature", 20.0));
        }

        // When the first reading, forgotten by the cap though within grace, is delivered again
        DeviceDetection.Outcome again = device.detection.process(device.state,
                reading("r0", 0, "temperature", 20.0), Devices.T0.toEpochMilli());

        // Then it is not accepted a second time
        assertEquals(DeviceDetection.Disposition.LATE, again.disposition());
        assertEquals(capacity, device.state.recentEvents().size());
    }

    @Test
    void shouldRefuseAGraceThatNeedsMoreIdsThanADeviceMayKeep() {
        // When a day of grace with one watched metric
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new DeviceDetection(
                List.of(Devices.threshold(80, 60, Duration.ZERO)), List.of(), Duration.ofDays(1)));

        // Then the message names the setting and what it may be
        assertEquals("vigil.grace of 86400 s with telemetry rules watching 1 metrics means a device must remember "
                + "86400 event ids to drop redelivered readings (one reading per second per metric within the grace "
                + "period); at most 4096 are kept. Expected vigil.grace at most 4096 s, or fewer watched metrics",
                e.getMessage());
    }
}

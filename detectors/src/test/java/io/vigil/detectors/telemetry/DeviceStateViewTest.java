package io.vigil.detectors.telemetry;

import static io.vigil.detectors.telemetry.Devices.T0;
import static io.vigil.detectors.telemetry.Devices.flatline;
import static io.vigil.detectors.telemetry.Devices.reading;
import static io.vigil.detectors.telemetry.Devices.silence;
import static io.vigil.detectors.telemetry.Devices.threshold;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vigil.events.Alert;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

class DeviceStateViewTest {

    private static Devices.Feed device() {
        return new Devices.Feed(List.of(threshold(90, 85, Duration.ofMinutes(10)), flatline("60s", 0.0)),
                List.of(silence("60s", Duration.ofMinutes(10))));
    }

    @Test
    void shouldShowADeviceNeverSeenWithoutTimes() {
        Devices.Feed device = device();

        DeviceStateView view = DeviceStateView.of(Devices.DEVICE, device.state, device.detection);

        assertEquals(new DeviceStateView(Devices.DEVICE, null, null, null, 0,
                List.of(new DeviceStateView.Silence("silence", 60.0, null)), Map.of(), List.of()), view);
    }

    @Test
    void shouldShowNewestReadingsSilenceDeadlineAndTheOpenThresholdEpisode() {
        // Given a temperature above the upper limit (opens threshold) and two identical humidity readings
        Devices.Feed device = device();
        List<Alert> alerts = device.feed(reading("t1", 0, "temperature", 95.0),
                reading("h1", 5, "humidity", 40.0), reading("h2", 10, "humidity", 40.0));

        // When the state is viewed
        DeviceStateView view = DeviceStateView.of(Devices.DEVICE, device.state, device.detection);

        // Then it shows when the device was last seen (the feed's "now" is the event time) and when silence is due
        assertEquals(T0.plusSeconds(10).toString(), view.lastSeen());
        assertEquals("h2", view.lastEventId());
        assertEquals(3, view.recentReadings());
        assertEquals(List.of(new DeviceStateView.Silence("silence", 60.0, T0.plusSeconds(70).toString())),
                view.silence());
        // And each watched metric's newest value, with the humidity run that started at h1
        assertEquals(95.0, view.metrics().get("temperature").newestValue());
        assertEquals(40.0, view.metrics().get("humidity").flatlineValue());
        assertEquals(T0.plusSeconds(5).toString(), view.metrics().get("humidity").flatlineSince());
        // And the open threshold episode under the OPEN alert's id
        assertEquals(1, alerts.size());
        assertEquals(List.of(new DeviceStateView.OpenAlert("threshold", alerts.get(0).getAlertId(),
                T0.toString(), false)), view.openAlerts());
    }
}

package io.vigil.loadgen.telemetry;

import io.vigil.loadgen.Injection;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** One fault being played on one device: its progress, and the readings that carry it for the ground truth. */
final class ActiveFault {

    private final TelemetryFault fault;
    private final String injectionId;
    private final int device;
    private final String deviceId;
    private final List<String> eventIds = new ArrayList<>();
    private long firstMillis = Long.MIN_VALUE;
    private long lastMillis;
    private int step;
    private double held;
    private boolean done;

    ActiveFault(TelemetryFault fault, String injectionId, int device, String deviceId) {
        this.fault = fault;
        this.injectionId = injectionId;
        this.device = device;
        this.deviceId = deviceId;
    }

    /** A silence starts after the device's last reading, which names the silence episode: it comes first. */
    static ActiveFault silence(String injectionId, int device, String deviceId, String lastEventId, long lastMillis) {
        ActiveFault fault = new ActiveFault(TelemetryFault.SILENCE, injectionId, device, deviceId);
        fault.record(lastEventId, lastMillis);
        return fault;
    }

    TelemetryFault fault() {
        return fault;
    }

    int device() {
        return device;
    }

    int nextStep() {
        return step++;
    }

    void record(String eventId, long timeMillis) {
        eventIds.add(eventId);
        if (firstMillis == Long.MIN_VALUE) {
            firstMillis = timeMillis;
        }
        lastMillis = timeMillis;
    }

    long firstMillis() {
        return firstMillis;
    }

    void hold(double value) {
        held = value;
    }

    double held() {
        return held;
    }

    void finish() {
        done = true;
    }

    boolean done() {
        return done;
    }

    Injection injection() {
        return new Injection(injectionId, fault.id(), deviceId, eventIds,
                Instant.ofEpochMilli(firstMillis), Instant.ofEpochMilli(lastMillis), fault.expectedAlerts());
    }
}

package io.vigil.serdes.testkit;

import io.vigil.events.Telemetry;

import java.time.Instant;

/** A {@link Telemetry} reading with sensible defaults (see {@link Events#aReading()}); set only what a test is about. */
public final class ReadingBuilder {

    private String eventId = "r1";
    private String deviceId = "dev-1";
    private Instant timestamp = Events.T0;
    private String metric = "temperature";
    private double value = 21.5;
    private String unit = "C";

    ReadingBuilder() {
    }

    public ReadingBuilder id(String eventId) {
        this.eventId = eventId;
        return this;
    }

    public ReadingBuilder device(String deviceId) {
        this.deviceId = deviceId;
        return this;
    }

    /** Event time: when the reading was taken. */
    public ReadingBuilder at(Instant timestamp) {
        this.timestamp = timestamp;
        return this;
    }

    /** Event time, {@code seconds} after {@link Events#T0}. */
    public ReadingBuilder atSecond(long seconds) {
        return at(Events.T0.plusSeconds(seconds));
    }

    public ReadingBuilder metric(String metric) {
        this.metric = metric;
        return this;
    }

    public ReadingBuilder value(double value) {
        this.value = value;
        return this;
    }

    public ReadingBuilder unit(String unit) {
        this.unit = unit;
        return this;
    }

    public Telemetry build() {
        return Telemetry.newBuilder()
                .setEventId(eventId)
                .setDeviceId(deviceId)
                .setTimestamp(timestamp)
                .setMetric(metric)
                .setValue(value)
                .setUnit(unit)
                .build();
    }
}

package io.vigil.config;

/**
 * The clock an event's own timestamp is checked against ({@code vigil.max.clock.skew}) and idle state is aged by
 * ({@code vigil.state.idle.ttl}).
 *
 * <p>Live, "now" is the wall clock of the machine processing the event. A replay of a recording has no meaningful
 * wall clock (last month's events are all a month old), so there the recording's own clock stands in: the Kafka
 * timestamp of the record being processed, which on a topic with {@code message.timestamp.type=LogAppendTime} is
 * the time the broker appended it, and the stream time (the newest such timestamp) for ageing idle state.
 */
public enum ReferenceClock {
    /** The wall clock of the processing machine: live detection. */
    WALL("wall"),
    /** The input record's Kafka timestamp (append time): replays and backtests. */
    RECORD("record");

    private final String configValue;

    ReferenceClock(String configValue) {
        this.configValue = configValue;
    }

    /** How this clock is written in {@code vigil.clock.reference}. */
    public String configValue() {
        return configValue;
    }
}

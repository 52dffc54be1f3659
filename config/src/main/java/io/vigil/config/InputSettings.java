package io.vigil.config;

import java.time.Duration;
import java.util.Objects;

/**
 * How far an event's own timestamp may run ahead of the reference clock before the event is refused.
 *
 * <p>An entity's lateness watermark is its newest event time. Without a bound, one event stamped years ahead
 * (an attacker, or a device with a broken clock) would make every later real event "late" and switch detection
 * off for that card or device; so an event more than {@code maxClockSkew} ahead of {@code referenceClock} is
 * rejected to the dead-letter topic and never moves the watermark.
 *
 * @param maxClockSkew how far ahead of the reference clock an event time may be, {@value #MIN_SKEW_TEXT} to
 *     {@value #MAX_SKEW_TEXT}
 * @param referenceClock the clock event times are compared with: the wall clock live, the record's Kafka
 *     timestamp in replays
 */
public record InputSettings(Duration maxClockSkew, ReferenceClock referenceClock) {

    static final String MIN_SKEW_TEXT = "1s";
    static final String MAX_SKEW_TEXT = "1d";
    public static final Duration MIN_SKEW = Duration.ofSeconds(1);
    public static final Duration MAX_SKEW = Duration.ofDays(1);

    public InputSettings {
        Objects.requireNonNull(maxClockSkew, "maxClockSkew");
        Objects.requireNonNull(referenceClock, "referenceClock");
        Checks.durationBetween(Setting.MAX_CLOCK_SKEW.key(), maxClockSkew, MIN_SKEW, MAX_SKEW);
    }

    /** The shipped defaults: five minutes of skew against the wall clock. */
    public static InputSettings defaults() {
        return new InputSettings(Duration.ofMinutes(5), ReferenceClock.WALL);
    }

    /** The same settings judged against {@code clock}: e.g. a replay switching to the recording's clock. */
    public InputSettings withReferenceClock(ReferenceClock clock) {
        return new InputSettings(maxClockSkew, clock);
    }
}

package io.vigil.config;

import java.time.Duration;
import java.util.Objects;

/**
 * How long an entity's detector state lives without an event before it is deleted.
 *
 * <p>A fraud system sees millions of cards used once; keeping each one's state for ever grows the stores and their
 * changelogs without bound. An entity whose newest event is older than its kind's time-to-live (measured on the
 * reference clock, see {@link ReferenceClock}) is deleted by a background sweep, and a tombstone reaches the
 * changelog. A card that comes back after that starts afresh: its amount baseline warms up again.
 *
 * @param cards time-to-live of a card's state ({@code vigil.state.idle.ttl.cards}, by default
 *     {@code vigil.state.idle.ttl})
 * @param devices time-to-live of a device's state ({@code vigil.state.idle.ttl.devices})
 */
public record ExpirySettings(Duration cards, Duration devices) {

    public static final Duration MIN_TTL = Duration.ofSeconds(1);
    public static final Duration MAX_TTL = Duration.ofDays(3650);

    public ExpirySettings {
        Objects.requireNonNull(cards, "cards");
        Objects.requireNonNull(devices, "devices");
        Checks.durationBetween(Setting.STATE_IDLE_TTL_CARDS.key(), cards, MIN_TTL, MAX_TTL);
        Checks.durationBetween(Setting.STATE_IDLE_TTL_DEVICES.key(), devices, MIN_TTL, MAX_TTL);
    }

    /** The shipped defaults: 30 days for cards, 7 days for devices. */
    public static ExpirySettings defaults() {
        return new ExpirySettings(Duration.ofDays(30), Duration.ofDays(7));
    }
}

package io.vigil.loadgen;

import java.time.Duration;
import java.time.Instant;

/**
 * When each event is due, as an offset from the moment sending started: an open-loop schedule.
 *
 * <p>Open loop means event {@code i} is due at a time fixed in advance ({@code t0 + i / R}), not "one interval
 * after the previous send". A closed loop quietly slows down when the system under test does, which hides
 * exactly the back-pressure a benchmark should expose; an open loop falls behind instead, and the sender
 * reports by how much.
 */
@FunctionalInterface
public interface SendSchedule {

    /** Nanoseconds after the start at which event number {@code index} (from 0) is due. */
    long dueOffsetNanos(long index, GeneratedEvent event);

    /** Event {@code i} is due at {@code i / eventsPerSecond}. */
    static SendSchedule fixedRate(double eventsPerSecond) {
        if (!(eventsPerSecond > 0) || Double.isInfinite(eventsPerSecond)) {
            throw new IllegalArgumentException("eventsPerSecond must be > 0 and finite, got " + eventsPerSecond);
        }
        double nanosPerEvent = 1e9 / eventsPerSecond;
        return (index, event) -> Math.round(index * nanosPerEvent);
    }

    /**
     * Each event is due when its scenario time has passed since {@code origin}: for a scenario with normal event
     * {@code i} at {@code start + i / R} and {@code origin = start}, that is {@code i / R}, with the injected
     * events slotted in at their own times. Events before {@code origin} are due at once.
     */
    static SendSchedule eventTime(Instant origin) {
        return (index, event) -> Math.max(0, Duration.between(origin, event.eventTime()).toNanos());
    }

    /** Everything is due at once: as fast as the producer takes it, e.g. for history. */
    static SendSchedule unpaced() {
        return (index, event) -> 0;
    }
}

package io.vigil.loadgen;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * Ground truth for one injected pattern: which entity, which events, when, and how many alerts it must raise.
 *
 * @param injectionId    unique within a scenario, e.g. {@code velocity-000003}
 * @param pattern        the pattern id: a {@link Pattern#id()}, or another scenario's (e.g. telemetry faults)
 * @param entityId       the card (or device) the pattern was played on
 * @param eventIds       the event ids in the order they were emitted; a replay lists the re-sent id twice
 * @param firstEventTime when the first event entered the stream (scenario time)
 * @param lastEventTime  when the last event entered the stream (scenario time)
 * @param expectedAlerts how many alerts the injection must raise: one per fraud pattern, none for a replay;
 *                       patterns with an OPEN and a RESOLVED alert say two
 */
public record Injection(String injectionId, String pattern, String entityId, List<String> eventIds,
                        Instant firstEventTime, Instant lastEventTime, int expectedAlerts) {

    public Injection {
        eventIds = List.copyOf(eventIds);
        if (expectedAlerts < 0) {
            throw new IllegalArgumentException("expectedAlerts must be >= 0, got " + expectedAlerts);
        }
    }

    /** An injection whose expected alerts follow from its pattern: {@link Pattern#expectedAlerts()}, else one. */
    public Injection(String injectionId, String pattern, String entityId, List<String> eventIds,
                     Instant firstEventTime, Instant lastEventTime) {
        this(injectionId, pattern, entityId, eventIds, firstEventTime, lastEventTime, defaultExpectedAlerts(pattern));
    }

    static int defaultExpectedAlerts(String pattern) {
        return Arrays.stream(Pattern.values())
                .filter(p -> p.id().equals(pattern))
                .mapToInt(Pattern::expectedAlerts)
                .findFirst()
                .orElse(1);
    }
}

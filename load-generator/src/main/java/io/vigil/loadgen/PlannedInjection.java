package io.vigil.loadgen;

import java.util.List;

/** An injection and the events that play it, before they are merged into the live stream. */
record PlannedInjection(Injection injection, List<GeneratedEvent> events) {

    PlannedInjection {
        events = List.copyOf(events);
    }

    long lastEventMillis() {
        return events.get(events.size() - 1).eventTime().toEpochMilli();
    }
}

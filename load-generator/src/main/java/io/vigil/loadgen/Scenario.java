package io.vigil.loadgen;

import java.time.Instant;
import java.util.Iterator;

/**
 * A seeded stream of events with the ground truth of what was injected into it: a warm-up history to send as
 * fast as the cluster takes it, then live events paced by their event time.
 */
public interface Scenario {

    /** Scenario time of the first live event. */
    Instant start();

    /** Nominal live rate in events per second of scenario time. */
    double eventsPerSecond();

    Iterator<GeneratedEvent> history();

    /** Valid once {@link #history()} is drained. */
    Iterator<GeneratedEvent> live();

    /** The injections whose events have all been handed out so far. */
    GroundTruth groundTruth();

    /** Injections planned but left out (no free entity, or no warm history for them). */
    long skippedInjections();
}

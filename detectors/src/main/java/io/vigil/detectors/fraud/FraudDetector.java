package io.vigil.detectors.fraud;

import io.vigil.config.RuleSpec;
import io.vigil.detectors.Finding;
import io.vigil.events.Transaction;

import java.util.Optional;

/**
 * One fraud rule, evaluated per transaction against the card's state.
 *
 * <p>Contract: {@link CardDetection} has already placed the transaction in the card's history (in event-time
 * order) but has not yet folded it into the baseline or the last position, so a detector compares the new
 * event with what came before. Implementations read only their arguments: no clock, no randomness, no I/O,
 * so that replaying a log offline gives exactly the alerts the topology gave.
 */
public interface FraudDetector {

    RuleSpec rule();

    /** The widest event-time span of history this detector looks back over, in milliseconds. */
    default long lookbackMillis() {
        return 0;
    }

    /**
     * How long after the card's newest event this detector may still read {@code tx} in the history, in
     * milliseconds: {@link #lookbackMillis()} unless the detector only ever reads some kinds of entries. The
     * history keeps an entry while any detector may read it (plus the grace period), so a narrow answer here
     * keeps every card's state, and its store and changelog writes, small.
     */
    default long lookbackMillis(RecentTransaction tx) {
        return lookbackMillis();
    }

    /** The most history entries this detector needs to see at once. */
    default int historyNeeded() {
        return 0;
    }

    Optional<Finding> evaluate(CardState state, Transaction tx, int index);
}

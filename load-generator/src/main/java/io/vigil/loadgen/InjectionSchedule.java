package io.vigil.loadgen;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * When each pattern's (or confounder's) next episode starts: evenly spaced at the pattern's rate, the patterns staggered
 * within one period so that they do not all start at the same instant.
 *
 * <p>Evenly spaced rather than random (Poisson) arrivals, because ground truth is compared with detections
 * over runs of a few minutes: a fixed count per minute gives the same number of injections in every run of a
 * given length and keeps recall comparable between runs.
 */
final class InjectionSchedule<K> {

    private final List<K> patterns = new ArrayList<>();
    private final List<Double> periodMillis = new ArrayList<>();
    private final List<Long> firstMillis = new ArrayList<>();
    private final long[] nextIndex;

    /** @param order every kind, in the order ties go (the first declared first) */
    InjectionSchedule(Map<K, Double> perMinute, List<K> order, long startMillis) {
        for (K pattern : order) {
            double rate = perMinute.getOrDefault(pattern, 0.0);
            if (rate > 0) {
                patterns.add(pattern);
                periodMillis.add(60_000.0 / rate);
            }
        }
        for (int slot = 0; slot < patterns.size(); slot++) {
            firstMillis.add(startMillis + (long) (periodMillis.get(slot) * (slot + 0.5) / patterns.size()));
        }
        this.nextIndex = new long[patterns.size()];
    }

    boolean isEmpty() {
        return patterns.isEmpty();
    }

    /** Start of the earliest pending injection, or {@code Long.MAX_VALUE} if no pattern is scheduled. */
    long nextStartMillis() {
        int slot = nextSlot();
        return slot < 0 ? Long.MAX_VALUE : startOf(slot, nextIndex[slot]);
    }

    /** The pattern of the earliest pending injection; ties go to the pattern declared first. */
    K nextPattern() {
        return patterns.get(nextSlot());
    }

    /** Moves past the earliest pending injection. */
    void advance() {
        nextIndex[nextSlot()]++;
    }

    /** How many injections of {@code pattern} start before {@code endMillis} (exclusive). */
    long countBefore(K pattern, long endMillis) {
        int slot = patterns.indexOf(pattern);
        if (slot < 0 || endMillis <= firstMillis.get(slot)) {
            return 0;
        }
        return (long) Math.ceil((endMillis - firstMillis.get(slot)) / periodMillis.get(slot));
    }

    private int nextSlot() {
        int best = -1;
        for (int slot = 0; slot < patterns.size(); slot++) {
            if (best < 0 || startOf(slot, nextIndex[slot]) < startOf(best, nextIndex[best])) {
                best = slot;
            }
        }
        return best;
    }

    private long startOf(int slot, long index) {
        return firstMillis.get(slot) + (long) (index * periodMillis.get(slot));
    }
}

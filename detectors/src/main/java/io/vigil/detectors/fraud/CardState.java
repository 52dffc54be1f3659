package io.vigil.detectors.fraud;

import io.vigil.detectors.Ewma;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * Everything the fraud detectors remember about one card: the single value read and written per event.
 *
 * <p>Mutable on purpose: the processor reads it, {@link CardDetection} updates it in place for one event,
 * and the processor writes it back. Copying an immutable value per event would double the allocation on the
 * hottest path for no gain, since no one else ever sees the object.
 *
 * <p>Bounded: the history keeps each transaction only while some detector may read it (its window plus the
 * grace period), and at most {@code capacity} of them; the baseline and last position are constant size;
 * cooldowns hold one entry per rule. See {@link CardStateCodec} for the bound in bytes.
 */
public final class CardState {

    private long maxEventTimeMillis = Long.MIN_VALUE;
    private final List<RecentTransaction> history;
    private Ewma baseline;
    private Position lastPosition;
    private final Map<String, Long> lastTriggerMillis;

    public CardState() {
        this(Long.MIN_VALUE, new ArrayList<>(), Ewma.EMPTY, null, new HashMap<>());
    }

    CardState(long maxEventTimeMillis, List<RecentTransaction> history, Ewma baseline,
              Position lastPosition, Map<String, Long> lastTriggerMillis) {
        this.maxEventTimeMillis = maxEventTimeMillis;
        this.history = history;
        this.baseline = baseline;
        this.lastPosition = lastPosition;
        this.lastTriggerMillis = lastTriggerMillis;
    }

    /** The newest event time seen on this card: the card's own watermark for lateness. */
    public long maxEventTimeMillis() {
        return maxEventTimeMillis;
    }

    /** Recent transactions, oldest first (ties keep arrival order). */
    public List<RecentTransaction> history() {
        return Collections.unmodifiableList(history);
    }

    public Ewma baseline() {
        return baseline;
    }

    /** The last card-present use, or null if the card was never used in person. */
    public Position lastPosition() {
        return lastPosition;
    }

    Map<String, Long> lastTriggerMillis() {
        return Collections.unmodifiableMap(lastTriggerMillis);
    }

    boolean containsEvent(String eventId) {
        for (int i = history.size() - 1; i >= 0; i--) {
            if (history.get(i).eventId().equals(eventId)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether a redelivery of an event at {@code eventTimeMillis} might no longer be recognised: the history is
     * full, so its oldest entries may have been evicted by the capacity bound rather than aged out, and the event
     * is no later than the oldest entry left (eviction takes the oldest first, so every evicted entry is at or
     * before it). Such an event is treated as late: counting it might count a redelivered event twice.
     */
    boolean mayBeForgotten(long eventTimeMillis, int capacity) {
        return history.size() >= capacity && !history.isEmpty()
                && eventTimeMillis <= history.get(0).timestampMillis();
    }

    /** Inserts in event-time order and returns the index it landed at. */
    int insert(RecentTransaction tx) {
        int i = history.size();
        while (i > 0 && history.get(i - 1).timestampMillis() > tx.timestampMillis()) {
            i--;
        }
        history.add(i, tx);
        maxEventTimeMillis = Math.max(maxEventTimeMillis, tx.timestampMillis());
        return i;
    }

    /**
     * Drops what no detector can look at any more: each entry once it is more than its own
     * {@code retentionMillis} behind the newest event, then the oldest beyond capacity.
     */
    void prune(ToLongFunction<RecentTransaction> retentionMillis, int capacity) {
        history.removeIf(tx -> tx.timestampMillis() < maxEventTimeMillis - retentionMillis.applyAsLong(tx));
        int excess = history.size() - capacity;
        if (excess > 0) {
            history.subList(0, excess).clear();
        }
    }

    void baseline(Ewma baseline) {
        this.baseline = baseline;
    }

    void lastPosition(Position position) {
        this.lastPosition = position;
    }

    /** Records that {@code ruleId} fired at {@code eventTimeMillis}; returns the previous trigger time, if any. */
    Long trigger(String ruleId, long eventTimeMillis) {
        Long previous = lastTriggerMillis.get(ruleId);
        if (previous == null || eventTimeMillis > previous) {
            lastTriggerMillis.put(ruleId, eventTimeMillis);
        }
        return previous;
    }

    void forgetTriggersBefore(long eventTimeMillis) {
        lastTriggerMillis.values().removeIf(t -> t < eventTimeMillis);
    }
}

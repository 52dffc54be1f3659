package io.vigil.topology;

import io.vigil.config.ReferenceClock;

import io.micrometer.core.instrument.Counter;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.ToLongFunction;

/**
 * Deletes the entries of one store whose entity has been idle too long, a slice at a time.
 *
 * <p>Each punctuation examines at most {@link Settings#batch()} entries, starting after the key where the previous
 * one stopped (a cursor kept in memory: after a restart or a rebalance the sweep starts again from the first key,
 * which costs one extra pass and loses nothing), and deletes those that are idle; a deletion is an ordinary store
 * delete, so a tombstone reaches the changelog in the same transaction as the task's other writes. No punctuation
 * therefore stalls the thread however many entities a task holds: at the defaults a task sweeps a thousand
 * entries a second, a million-entity task in under 20 minutes, against time-to-lives of days.
 *
 * <p>"Idle" is judged on the reference clock ({@link ReferenceClock}): the sweep runs on wall-clock time live and
 * on stream time in replays, and receives that time as "now".
 */
final class IdleSweep<V> {

    /** Counter of entries deleted by the sweep, tagged {@code store}. */
    static final String EXPIRED = "vigil.state.expired";

    /**
     * @param ttl      how long an entry lives after its entity's newest event
     * @param type     wall-clock punctuation live, stream-time punctuation in replays
     * @param interval how often a slice is swept
     * @param batch    most entries examined per slice
     */
    record Settings(Duration ttl, PunctuationType type, Duration interval, int batch) {

        static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(1);
        static final int DEFAULT_BATCH = 1_000;

        static Settings of(Duration ttl, ReferenceClock clock) {
            return new Settings(ttl, clock == ReferenceClock.RECORD ? PunctuationType.STREAM_TIME
                    : PunctuationType.WALL_CLOCK_TIME, DEFAULT_INTERVAL, DEFAULT_BATCH);
        }
    }

    private final KeyValueStore<String, V> store;
    private final ToLongFunction<V> newestMillis;
    private final long ttlMillis;
    private final int batch;
    private final BiConsumer<String, V> onExpire;
    private final Counter expired;
    private String cursor;

    /**
     * @param newestMillis the entity's newest event time, on the reference clock's scale
     * @param onExpire     called for each expired entry before it is deleted (e.g. to drop related index entries)
     */
    IdleSweep(KeyValueStore<String, V> store, ToLongFunction<V> newestMillis, long ttlMillis, int batch,
              BiConsumer<String, V> onExpire, Counter expired) {
        this.store = store;
        this.newestMillis = newestMillis;
        this.ttlMillis = ttlMillis;
        this.batch = batch;
        this.onExpire = onExpire;
        this.expired = expired;
    }

    /** Sweeps one slice at {@code nowMillis}; returns how many entries it deleted. */
    int sweep(long nowMillis) {
        List<KeyValue<String, V>> idle = new ArrayList<>();
        String last = null;
        int examined = 0;
        // Collected first and deleted after: stores do not promise a stable iterator over entries being removed.
        try (KeyValueIterator<String, V> entries = store.range(cursor, null)) {
            while (entries.hasNext() && examined < batch) {
                KeyValue<String, V> entry = entries.next();
                if (entry.key.equals(cursor)) {
                    continue;
                }
                examined++;
                last = entry.key;
                // Compared as "newest before now - ttl": an entity that never saw an event (Long.MIN_VALUE) is idle.
                if (entry.value != null && newestMillis.applyAsLong(entry.value) < nowMillis - ttlMillis) {
                    idle.add(entry);
                }
            }
            // A slice that reached the end starts the next pass from the first key.
            cursor = entries.hasNext() ? last : null;
        }
        for (KeyValue<String, V> entry : idle) {
            onExpire.accept(entry.key, entry.value);
            store.delete(entry.key);
        }
        expired.increment(idle.size());
        return idle.size();
    }
}

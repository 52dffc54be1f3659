package io.vigil.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How each Vigil stream instance runs Kafka Streams. These are the Streams settings whose
 * defaults Vigil chooses deliberately (see docs/performance.md: the record cache off and a
 * 100 ms commit interval measured fastest for per-card state), so they are typed and
 * validated here rather than passed through as raw Kafka properties.
 *
 * @param applicationId shared by every instance of one deployment; Kafka Streams derives the
 *     consumer group and internal topic names from it
 * @param threads stream threads per instance
 * @param commitInterval how often offsets and state are committed; with exactly-once this is
 *     also how long alerts wait before a {@code read_committed} reader sees them
 * @param stateDir where local state stores are kept
 * @param cacheMaxBytes Kafka Streams record cache size across threads; 0 turns caching off
 * @param grace how long after a window closes an out-of-order event is still placed in it
 */
public record StreamsSettings(String applicationId, ProcessingGuarantee processingGuarantee,
        int threads, Duration commitInterval, Path stateDir, StoreType storeType, long cacheMaxBytes,
        Duration grace) {

    public static final int MAX_THREADS = 64;

    public StreamsSettings {
        Objects.requireNonNull(applicationId, "applicationId");
        Objects.requireNonNull(processingGuarantee, "processingGuarantee");
        Objects.requireNonNull(commitInterval, "commitInterval");
        Objects.requireNonNull(stateDir, "stateDir");
        Objects.requireNonNull(storeType, "storeType");
        Objects.requireNonNull(grace, "grace");
        Checks.identifier(Setting.APPLICATION_ID.key(), applicationId);
        Checks.intBetween(Setting.STREAM_THREADS.key(), threads, 1, MAX_THREADS);
        Checks.positive(Setting.COMMIT_INTERVAL.key(), commitInterval);
        Checks.longAtLeast(Setting.CACHE_MAX_BYTES.key(), cacheMaxBytes, 0);
        Checks.nonNegative(Setting.GRACE.key(), grace);
    }
}

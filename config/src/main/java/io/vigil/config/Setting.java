package io.vigil.config;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Every {@code vigil.*} setting Vigil reads. Defaults and their meaning live in
 * {@code vigil-defaults.properties}; a test keeps that file and this list identical.
 */
enum Setting {
    APPLICATION_ID("vigil.application.id"),
    PROCESSING_GUARANTEE("vigil.processing.guarantee"),
    STREAM_THREADS("vigil.stream.threads"),
    COMMIT_INTERVAL("vigil.commit.interval"),
    STATE_DIR("vigil.state.dir"),
    STATE_STORE("vigil.state.store"),
    CACHE_MAX_BYTES("vigil.cache.max.bytes"),
    GRACE("vigil.grace"),
    TOPIC_TRANSACTIONS("vigil.topic.transactions"),
    TOPIC_TELEMETRY("vigil.topic.telemetry"),
    TOPIC_RULES("vigil.topic.rules"),
    TOPIC_ALERTS("vigil.topic.alerts"),
    TOPIC_INCIDENTS("vigil.topic.incidents"),
    TOPIC_ACTIONS("vigil.topic.actions"),
    TOPIC_DLQ("vigil.topic.dlq"),
    TOPIC_LABELS("vigil.topic.labels"),
    TOPIC_LATE_EVENTS("vigil.topic.late.events"),
    TOPIC_PARTITIONS("vigil.topic.partitions"),
    TOPIC_REPLICATION_FACTOR("vigil.topic.replication.factor"),
    RULES_FILE("vigil.rules.file"),
    ESCALATION_ALERTS("vigil.escalation.alerts"),
    ESCALATION_WINDOW("vigil.escalation.window"),
    MAX_CLOCK_SKEW("vigil.max.clock.skew"),
    CLOCK_REFERENCE("vigil.clock.reference"),
    STATE_IDLE_TTL("vigil.state.idle.ttl"),
    STATE_IDLE_TTL_CARDS("vigil.state.idle.ttl.cards"),
    STATE_IDLE_TTL_DEVICES("vigil.state.idle.ttl.devices"),
    ROCKSDB_BLOCK_CACHE_BYTES("vigil.rocksdb.block.cache.bytes"),
    ROCKSDB_BLOOM_FILTERS("vigil.rocksdb.bloom.filters"),
    ROCKSDB_WRITE_BUFFER_BYTES("vigil.rocksdb.write.buffer.bytes"),
    ROCKSDB_INPLACE_UPDATES("vigil.rocksdb.inplace.updates"),
    ROCKSDB_MEMTABLE_BLOOM("vigil.rocksdb.memtable.bloom");

    static final String PREFIX = "vigil.";

    private final String key;

    Setting(String key) {
        this.key = key;
    }

    String key() {
        return key;
    }

    static Optional<Setting> byKey(String key) {
        return Arrays.stream(values()).filter(s -> s.key.equals(key)).findFirst();
    }

    static List<String> keys() {
        return Arrays.stream(values()).map(Setting::key).toList();
    }

    /** Case-insensitive so that {@code Vigil.stream.threads} is caught as a typo, not sent to Kafka. */
    static boolean isVigilKey(String key) {
        return key.regionMatches(true, 0, PREFIX, 0, PREFIX.length());
    }
}

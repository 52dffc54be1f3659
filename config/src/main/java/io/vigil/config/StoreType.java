package io.vigil.config;

/**
 * Where the per-entity detector state lives. RocksDB survives restarts without a full
 * changelog replay and holds more keys than the heap; in-memory is faster and suits tests,
 * demos and benchmarks that compare the two.
 */
public enum StoreType {
    ROCKSDB("rocksdb"),
    IN_MEMORY("in_memory");

    private final String configValue;

    StoreType(String configValue) {
        this.configValue = configValue;
    }

    /** How this store type is written in {@code vigil.state.store}. */
    public String configValue() {
        return configValue;
    }
}

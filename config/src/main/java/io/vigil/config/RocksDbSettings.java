package io.vigil.config;

import java.util.Objects;
import java.util.Optional;

/**
 * RocksDB options for the persistent state stores, each empty unless set, in which case Kafka Streams' own
 * default applies (a 50 MiB block cache and a 16 MiB write buffer per store, bloom filters on). They exist so
 * that {@code vigil bench --ab} can measure them (docs/performance.md); a store type of {@code in_memory}
 * ignores them.
 *
 * @param blockCacheBytes  the LRU block cache of each store, in bytes
 * @param bloomFilters     whether each SST file carries a bloom filter, so a get of an absent key skips it
 * @param writeBufferBytes the memtable size of each store, in bytes: larger means fewer, bigger flushes
 * @param inplaceUpdates   whether a put that is no larger than the key's value in the memtable overwrites it in
 *                         place instead of adding a version (RocksDB's {@code inplace_update_support}; it rules out
 *                         concurrent memtable writes, which Kafka Streams does not use, and point-in-time iterators)
 * @param memtableBloom    whether each memtable keeps a bloom filter of its whole keys, so a get of a key the
 *                         memtable does not hold skips its search
 */
public record RocksDbSettings(Optional<Long> blockCacheBytes, Optional<Boolean> bloomFilters,
        Optional<Long> writeBufferBytes, Optional<Boolean> inplaceUpdates, Optional<Boolean> memtableBloom) {

    /** RocksDB refuses a write buffer this small or smaller to be useful; Kafka Streams' default is 16 MiB. */
    public static final long MIN_WRITE_BUFFER_BYTES = 64 * 1024;

    public RocksDbSettings {
        Objects.requireNonNull(blockCacheBytes, "blockCacheBytes");
        Objects.requireNonNull(bloomFilters, "bloomFilters");
        Objects.requireNonNull(writeBufferBytes, "writeBufferBytes");
        Objects.requireNonNull(inplaceUpdates, "inplaceUpdates");
        Objects.requireNonNull(memtableBloom, "memtableBloom");
        blockCacheBytes.ifPresent(b -> Checks.longAtLeast(Setting.ROCKSDB_BLOCK_CACHE_BYTES.key(), b, 0));
        writeBufferBytes.ifPresent(b ->
                Checks.longAtLeast(Setting.ROCKSDB_WRITE_BUFFER_BYTES.key(), b, MIN_WRITE_BUFFER_BYTES));
    }

    /** Kafka Streams' defaults for everything. */
    public static RocksDbSettings defaults() {
        return new RocksDbSettings(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty());
    }

    /** True when any option differs from Kafka Streams' default, i.e. a config setter is needed. */
    public boolean customized() {
        return blockCacheBytes.isPresent() || bloomFilters.isPresent() || writeBufferBytes.isPresent()
                || inplaceUpdates.isPresent() || memtableBloom.isPresent();
    }
}

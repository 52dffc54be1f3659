package io.vigil.topology;

import io.vigil.config.RocksDbSettings;

import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;

import java.util.Map;
import java.util.Properties;

/**
 * Applies {@code vigil.rocksdb.*} ({@link RocksDbSettings}) to every persistent store. Kafka Streams hands a config
 * setter only the application's configs, so {@link #addTo} writes the settings into the Streams properties under
 * their own keys and {@link #setConfig} reads them back; an option left empty keeps Kafka Streams' default.
 */
public final class VigilRocksDbConfigSetter implements RocksDBConfigSetter {

    static final String BLOCK_CACHE_BYTES = "vigil.rocksdb.block.cache.bytes";
    static final String BLOOM_FILTERS = "vigil.rocksdb.bloom.filters";
    static final String WRITE_BUFFER_BYTES = "vigil.rocksdb.write.buffer.bytes";
    static final String INPLACE_UPDATES = "vigil.rocksdb.inplace.updates";
    static final String MEMTABLE_BLOOM = "vigil.rocksdb.memtable.bloom";
    /** The memtable bloom filter's size as a share of the write buffer: RocksDB's suggested 10%. */
    static final double MEMTABLE_BLOOM_RATIO = 0.1;

    /** Created per store in {@link #setConfig} and owned by this setter, so it must be closed with it. */
    private Cache blockCache;
    /** Likewise for a bloom filter this setter installed. */
    private BloomFilter bloomFilter;

    /** Registers the setter in {@code props} when any option differs from Kafka Streams' default. */
    static void addTo(Properties props, RocksDbSettings settings) {
        if (!settings.customized()) {
            return;
        }
        props.put("rocksdb.config.setter", VigilRocksDbConfigSetter.class);
        settings.blockCacheBytes().ifPresent(b -> props.put(BLOCK_CACHE_BYTES, String.valueOf(b)));
        settings.bloomFilters().ifPresent(b -> props.put(BLOOM_FILTERS, String.valueOf(b)));
        settings.writeBufferBytes().ifPresent(b -> props.put(WRITE_BUFFER_BYTES, String.valueOf(b)));
        settings.inplaceUpdates().ifPresent(b -> props.put(INPLACE_UPDATES, String.valueOf(b)));
        settings.memtableBloom().ifPresent(b -> props.put(MEMTABLE_BLOOM, String.valueOf(b)));
    }

    @Override
    public void setConfig(String storeName, Options options, Map<String, Object> configs) {
        BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
        Object cacheBytes = configs.get(BLOCK_CACHE_BYTES);
        if (cacheBytes != null) {
            blockCache = new LRUCache(Long.parseLong(cacheBytes.toString()));
            table.setBlockCache(blockCache);
        }
        Object bloom = configs.get(BLOOM_FILTERS);
        if (bloom != null) {
            // Kafka Streams installs a bloom filter itself; replacing the policy with none turns it off.
            bloomFilter = Boolean.parseBoolean(bloom.toString()) ? new BloomFilter() : null;
            table.setFilterPolicy(bloomFilter);
        }
        Object writeBuffer = configs.get(WRITE_BUFFER_BYTES);
        if (writeBuffer != null) {
            options.setWriteBufferSize(Long.parseLong(writeBuffer.toString()));
        }
        Object inplace = configs.get(INPLACE_UPDATES);
        if (inplace != null && Boolean.parseBoolean(inplace.toString())) {
            // RocksDB refuses in-place updates together with concurrent memtable writes; a stream thread writes
            // its stores alone, so nothing is lost.
            options.setAllowConcurrentMemtableWrite(false);
            options.setInplaceUpdateSupport(true);
        }
        Object memtableBloom = configs.get(MEMTABLE_BLOOM);
        if (memtableBloom != null && Boolean.parseBoolean(memtableBloom.toString())) {
            options.setMemtableWholeKeyFiltering(true);
            options.setMemtablePrefixBloomSizeRatio(MEMTABLE_BLOOM_RATIO);
        }
        options.setTableFormatConfig(table);
    }

    @Override
    public void close(String storeName, Options options) {
        if (blockCache != null) {
            blockCache.close();
        }
        if (bloomFilter != null) {
            bloomFilter.close();
        }
    }
}

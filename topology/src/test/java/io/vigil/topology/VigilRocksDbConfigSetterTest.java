package io.vigil.topology;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigil.config.RocksDbSettings;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

class VigilRocksDbConfigSetterTest {

    @TempDir
    Path dir;

    @Test
    void shouldLeaveKafkaStreamsDefaultsAloneWhenNothingIsSet() {
        Properties props = new Properties();
        VigilRocksDbConfigSetter.addTo(props, RocksDbSettings.defaults());
        assertNull(props.get("rocksdb.config.setter"));
    }

    @Test
    void shouldApplyInPlaceUpdatesAndTheMemtableBloomToAStoreThatOpensAndWorks() throws Exception {
        RocksDbSettings settings = new RocksDbSettings(Optional.empty(), Optional.empty(), Optional.of(1L << 20),
                Optional.of(true), Optional.of(true));
        Properties props = new Properties();
        VigilRocksDbConfigSetter.addTo(props, settings);
        assertEquals(VigilRocksDbConfigSetter.class, props.get("rocksdb.config.setter"));
        Map<String, Object> configs = new HashMap<>();
        props.forEach((k, v) -> configs.put(k.toString(), v));

        RocksDB.loadLibrary();
        VigilRocksDbConfigSetter setter = new VigilRocksDbConfigSetter();
        try (Options options = new Options().setCreateIfMissing(true)) {
            options.setTableFormatConfig(new BlockBasedTableConfig());
            setter.setConfig("card-state", options, configs);
            assertTrue(options.inplaceUpdateSupport());
            assertFalse(options.allowConcurrentMemtableWrite());
            assertTrue(options.memtableWholeKeyFiltering());
            assertEquals(VigilRocksDbConfigSetter.MEMTABLE_BLOOM_RATIO, options.memtablePrefixBloomSizeRatio());
            assertEquals(1L << 20, options.writeBufferSize());

            // RocksDB refuses incompatible options only when opening: open one, overwrite a value in place with a
            // shorter one and a longer one, and read each back.
            byte[] key = "card-1".getBytes(StandardCharsets.UTF_8);
            try (RocksDB db = RocksDB.open(options, dir.toString())) {
                for (String value : new String[] {"a longer first value", "short", "a value longer than any before"}) {
                    db.put(key, value.getBytes(StandardCharsets.UTF_8));
                    assertArrayEquals(value.getBytes(StandardCharsets.UTF_8), db.get(key));
                }
                assertNull(db.get("card-2".getBytes(StandardCharsets.UTF_8)));
            }
            setter.close("card-state", options);
        }
    }
}

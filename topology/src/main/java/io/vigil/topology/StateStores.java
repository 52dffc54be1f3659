package io.vigil.topology;

import io.vigil.config.StoreType;

import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.Stores;

/** The key-value store that {@code vigil.state.store} names, for every store Vigil builds. */
public final class StateStores {

    private StateStores() {
    }

    /** A RocksDB store, or an in-memory one for {@link StoreType#IN_MEMORY}, named {@code name}. */
    public static KeyValueBytesStoreSupplier keyValue(StoreType storeType, String name) {
        return storeType == StoreType.IN_MEMORY ? Stores.inMemoryKeyValueStore(name)
                : Stores.persistentKeyValueStore(name);
    }
}

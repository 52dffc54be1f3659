package io.vigil.lab.bench;

import io.vigil.config.StoreType;
import io.vigil.topology.StateStores;

import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * What any per-card detection pays before it detects anything: every record reads its key's value from a state
 * store and writes back a value of a given size ({@link #STATE_BYTES} by default), through the same kind of store the card state uses
 * (RocksDB or in memory, as {@code vigil.state.store} says), changelogged, with nothing decoded and nothing sent
 * downstream. The pass-through measures Kafka Streams' own cost; this measures the floor a store of the card
 * state's size adds to it; card detection adds Vigil's own work on top.
 */
final class StateFloorTopology {

    /** The default value size: the card state's mean on the bench's default backlog (153 bytes), rounded. */
    static final int STATE_BYTES = 150;
    static final String SOURCE = "state-floor-source";
    static final String PROCESSOR = "state-floor";
    static final String STORE = "state-floor-store";

    private StateFloorTopology() {
    }

    static Topology build(String input, StoreType storeType, boolean caching, int stateBytes) {
        if (stateBytes < BenchSettings.MIN_FLOOR_STATE_BYTES) {
            throw new IllegalArgumentException("The state floor's values need at least "
                    + BenchSettings.MIN_FLOOR_STATE_BYTES + " bytes, got " + stateBytes);
        }
        Topology topology = new Topology();
        topology.addSource(SOURCE, new ByteArrayDeserializer(), new ByteArrayDeserializer(), input);
        topology.addProcessor(PROCESSOR, () -> new ReadModifyWrite(stateBytes), SOURCE);
        StoreBuilder<KeyValueStore<Bytes, byte[]>> store = Stores.keyValueStoreBuilder(
                StateStores.keyValue(storeType, STORE), Serdes.Bytes(), Serdes.ByteArray());
        topology.addStateStore(caching ? store.withCachingEnabled() : store.withCachingDisabled(), PROCESSOR);
        return topology;
    }

    /**
     * Reads the key's value and writes back a new one: a count of the key's events in its first 8 bytes, then the
     * newest bytes of the key's events (the previous value's shifted left, the event's appended), so the value
     * carries the entropy of real events, as card state does, and compresses no better than it would.
     */
    static final class ReadModifyWrite implements Processor<byte[], byte[], Void, Void> {

        private final int stateBytes;
        private final int historyBytes;
        private KeyValueStore<Bytes, byte[]> store;

        ReadModifyWrite(int stateBytes) {
            this.stateBytes = stateBytes;
            this.historyBytes = stateBytes - 8;
        }

        @Override
        public void init(ProcessorContext<Void, Void> context) {
            store = context.getStateStore(STORE);
        }

        @Override
        public void process(Record<byte[], byte[]> record) {
            Bytes key = Bytes.wrap(record.key());
            byte[] previous = store.get(key);
            byte[] event = record.value() == null ? new byte[0] : record.value();
            byte[] next = new byte[stateBytes];
            long count = 1;
            int fromEvent = Math.min(event.length, historyBytes);
            if (previous != null && previous.length == stateBytes) {
                count = readLong(previous) + 1;
                System.arraycopy(previous, 8 + fromEvent, next, 8, historyBytes - fromEvent);
            }
            writeLong(next, count);
            System.arraycopy(event, event.length - fromEvent, next, stateBytes - fromEvent, fromEvent);
            store.put(key, next);
        }

        static long readLong(byte[] bytes) {
            long v = 0;
            for (int i = 0; i < 8; i++) {
                v = v << 8 | (bytes[i] & 0xff);
            }
            return v;
        }

        private static void writeLong(byte[] bytes, long v) {
            for (int i = 7; i >= 0; i--) {
                bytes[i] = (byte) v;
                v >>>= 8;
            }
        }
    }
}

package io.vigil.lab.bench;

import io.vigil.detectors.fraud.CardState;
import io.vigil.detectors.fraud.CardStateCodec;
import io.vigil.topology.TransactionTopology;
import org.HdrHistogram.Histogram;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Bytes of detector state per card, read from the running application's card-state store (interactive query)
 * after it has drained the backlog: the encoded size of every card's {@link CardState}, which is what the store
 * and its changelog hold per card besides the key.
 *
 * @param cards      cards in the store
 * @param meanBytes  average encoded state
 * @param p50Bytes   median
 * @param p99Bytes   99th percentile
 * @param maxBytes   the largest card
 * @param totalBytes all cards together
 */
record StateSizes(long cards, double meanBytes, long p50Bytes, long p99Bytes, long maxBytes, long totalBytes) {

    static final StateSizes NONE = new StateSizes(0, 0, 0, 0, 0, 0);

    static StateSizes sample(KafkaStreams streams) {
        ReadOnlyKeyValueStore<String, CardState> store = streams.store(StoreQueryParameters.fromNameAndType(
                TransactionTopology.CARD_STATE_STORE, QueryableStoreTypes.<String, CardState>keyValueStore()));
        Histogram sizes = new Histogram(1 << 24, 3);
        long total = 0;
        try (KeyValueIterator<String, CardState> all = store.all()) {
            while (all.hasNext()) {
                KeyValue<String, CardState> entry = all.next();
                int bytes = CardStateCodec.encode(entry.value).length;
                sizes.recordValue(bytes);
                total += bytes;
            }
        }
        long cards = sizes.getTotalCount();
        if (cards == 0) {
            return NONE;
        }
        return new StateSizes(cards, total / (double) cards, sizes.getValueAtPercentile(50),
                sizes.getValueAtPercentile(99), sizes.getMaxValue(), total);
    }
}

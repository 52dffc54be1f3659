package io.vigil.topology;

import org.apache.kafka.common.serialization.Serde;

/**
 * A topic's name together with the serdes of its keys and values, so that every boundary
 * ({@code addSource}, {@code addSink}, test drivers, consumers) is handed both explicitly and consistently.
 */
public record Topic<K, V>(String name, Serde<K> keySerde, Serde<V> valueSerde) {
}

package io.vigil.topology;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Finds one entity's state wherever it lives in the deployment (Kafka Streams interactive queries): in this
 * instance's active task for the key's partition, or at the instance that owns that partition.
 *
 * <p>The owner comes from {@link KafkaStreams#queryMetadataForKey}, which maps the key to its partition with
 * the same String serializer the input topics are keyed with, and names the instance by its
 * {@code application.server}. The local store is tried first for that one partition, so an instance answers
 * for the keys it owns even when its advertised address differs from the one it thinks it has. Only active
 * tasks are read: a standby may lag, and a query must not show an alert state older than what was emitted.
 */
public final class StateQuery {

    /** What a lookup found. */
    public sealed interface Result<V> permits Found, Absent, Elsewhere, Unavailable {
    }

    /** This instance owns the key (in {@code partition}) and holds state for it. */
    public record Found<V>(V value, int partition) implements Result<V> {
    }

    /** This instance owns the key (in {@code partition}) and holds no state for it: the entity was never seen. */
    public record Absent<V>(int partition) implements Result<V> {
    }

    /** Another instance owns the key; ask it at {@code owner} (its {@code application.server}). */
    public record Elsewhere<V>(HostInfo owner, int partition) implements Result<V> {
    }

    /** Nobody can answer right now (not started, rebalancing, restoring); worth retrying. */
    public record Unavailable<V>(String reason) implements Result<V> {
    }

    private StateQuery() {
    }

    /**
     * Looks {@code key} up in {@code store}.
     *
     * @param self this instance's {@code application.server}, or null when it serves no queries over the network
     */
    public static <V> Result<V> lookup(KafkaStreams streams, String store, String key, HostInfo self) {
        KafkaStreams.State state = streams.state();
        if (state != KafkaStreams.State.RUNNING && state != KafkaStreams.State.REBALANCING) {
            return new Unavailable<>("stream instance is " + state);
        }
        KeyQueryMetadata metadata = streams.queryMetadataForKey(store, key, Serdes.String().serializer());
        if (metadata == null || KeyQueryMetadata.NOT_AVAILABLE.equals(metadata)) {
            return new Unavailable<>("no instance owns the partition of key '" + key + "' right now (rebalancing)");
        }
        try {
            ReadOnlyKeyValueStore<String, V> local = streams.store(StoreQueryParameters
                    .fromNameAndType(store, QueryableStoreTypes.<String, V>keyValueStore())
                    .withPartition(metadata.partition()));
            V value = local.get(key);
            return value == null ? new Absent<>(metadata.partition()) : new Found<>(value, metadata.partition());
        } catch (InvalidStateStoreException notHereOrNotReady) {
            HostInfo owner = metadata.activeHost();
            if (owner == null || owner.equals(self) || owner.equals(HostInfo.unavailable())) {
                return new Unavailable<>("partition " + metadata.partition() + " of " + store
                        + " is not queryable yet: " + notHereOrNotReady.getMessage());
            }
            return new Elsewhere<>(owner, metadata.partition());
        }
    }
}

package io.vigil.topology;

import io.vigil.detectors.Rejection;
import io.vigil.detectors.fraud.CardDetection;

import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A state store's value serde that refuses to write a value larger than {@link #MAX_STATE_BYTES}: the last line of
 * the per-entity byte bound, after the input bounds and the rule check ({@link CardDetection#MAX_STATE_BYTES}) that
 * should already make it unreachable.
 *
 * <p>The store serializes inside {@code put}, before the local write and the changelog send, so a refusal throws
 * out of the processor with nothing written: the processing exception handler dead-letters the input event
 * ({@code state-too-large}) and the entity keeps its previous state. Without it, an oversized state would reach the
 * changelog, fail there with {@code RecordTooLargeException} and leave store and changelog disagreeing.
 */
final class BoundedStateSerde<V> implements Serde<V> {

    /** Most bytes one entity's state may take, encoded. */
    static final int MAX_STATE_BYTES = CardDetection.MAX_STATE_BYTES;

    private final Serde<V> inner;
    private final int maxBytes;
    private final String entity;

    private BoundedStateSerde(Serde<V> inner, int maxBytes, String entity) {
        this.inner = inner;
        this.maxBytes = maxBytes;
        this.entity = entity;
    }

    static <V> BoundedStateSerde<V> of(Serde<V> inner, int maxBytes, String entity) {
        return new BoundedStateSerde<>(inner, maxBytes, entity);
    }

    @Override
    public Serializer<V> serializer() {
        Serializer<V> serializer = inner.serializer();
        return (topic, value) -> {
            byte[] bytes = serializer.serialize(topic, value);
            if (bytes != null && bytes.length > maxBytes) {
                throw new RejectedInputException(new Rejection(Rejection.Reason.STATE_TOO_LARGE, "The " + entity
                        + " state this event would leave takes " + bytes.length + " bytes, more than the " + maxBytes
                        + " one " + entity + "'s state may take; the event is refused and the state stays as it was"));
            }
            return bytes;
        };
    }

    @Override
    public Deserializer<V> deserializer() {
        return inner.deserializer();
    }
}

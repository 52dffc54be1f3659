package io.vigil.topology;

import io.vigil.detectors.fraud.CardState;
import io.vigil.detectors.fraud.CardStateCodec;

import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/** The card state store's value serde: {@link CardStateCodec}'s compact binary layout. */
public final class CardStateSerde implements Serde<CardState> {

    @Override
    public Serializer<CardState> serializer() {
        return (topic, state) -> state == null ? null : CardStateCodec.encode(state);
    }

    @Override
    public Deserializer<CardState> deserializer() {
        return (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            try {
                return CardStateCodec.decode(bytes);
            } catch (IllegalArgumentException e) {
                throw new SerializationException("Cannot read card state from " + topic + ": " + e.getMessage(), e);
            }
        };
    }
}

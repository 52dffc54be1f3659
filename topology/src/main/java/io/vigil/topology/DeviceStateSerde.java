package io.vigil.topology;

import io.vigil.detectors.telemetry.DeviceState;
import io.vigil.detectors.telemetry.DeviceStateCodec;

import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/** The device state store's value serde: {@link DeviceStateCodec}'s compact binary layout. */
public final class DeviceStateSerde implements Serde<DeviceState> {

    @Override
    public Serializer<DeviceState> serializer() {
        return (topic, state) -> state == null ? null : DeviceStateCodec.encode(state);
    }

    @Override
    public Deserializer<DeviceState> deserializer() {
        return (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            try {
                return DeviceStateCodec.decode(bytes);
            } catch (IllegalArgumentException e) {
                throw new SerializationException("Cannot read device state from " + topic + ": " + e.getMessage(), e);
            }
        };
    }
}

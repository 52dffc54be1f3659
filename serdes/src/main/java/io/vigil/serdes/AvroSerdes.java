package io.vigil.serdes;

import org.apache.avro.specific.SpecificRecord;

import java.util.Map;

/**
 * One-line construction of configured serdes, for the many places (topologies, producers, consumers, tests) that
 * need one per event type.
 */
public final class AvroSerdes {

    private AvroSerdes() {
    }

    /**
     * A {@link SpecificAvroSerde} for {@code type}, already configured.
     *
     * @param configs at least {@value AvroSerdeConfig#SCHEMA_REGISTRY_URL}; see {@link AvroSerdeConfig}
     * @param isKey whether the serde is for record keys (subject {@code <topic>-key}) or values ({@code <topic>-value})
     * @throws org.apache.kafka.common.config.ConfigException when a setting is missing or invalid
     */
    public static <T extends SpecificRecord> SpecificAvroSerde<T> specific(Class<T> type, Map<String, ?> configs,
            boolean isKey) {
        SpecificAvroSerde<T> serde = new SpecificAvroSerde<>(type);
        serde.configure(configs, isKey);
        return serde;
    }
}

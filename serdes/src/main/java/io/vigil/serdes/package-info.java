/**
 * Vigil's Avro serde for Kafka, byte-compatible with Confluent's {@code KafkaAvroSerializer}: magic byte 0, the
 * schema's 4-byte big-endian registry id, then the Avro binary body; subjects named {@code <topic>-value} and
 * {@code <topic>-key}; Confluent's configuration names. Confluent's serde is not on Maven Central, so Vigil carries
 * this one; a user with Confluent's repository can swap in theirs without changing a byte on any topic.
 *
 * <p>Entry points: {@link io.vigil.serdes.SpecificAvroSerde} and {@link io.vigil.serdes.AvroSerdes}, configured
 * with the keys in {@link io.vigil.serdes.AvroSerdeConfig}.
 */
package io.vigil.serdes;

package io.vigil.lab.bench;

import io.vigil.config.VigilConfig;

/**
 * One configuration {@code vigil bench --ab} measures against the others, interleaved on the same broker.
 *
 * @param name     short name, used in the table, the JSON and the stages' application ids
 * @param settings the overrides as the user gave them (e.g. {@code KAFKA_COMPRESSION_TYPE=lz4}); empty for the
 *                 baseline
 * @param config   the configuration with the overrides applied
 * @param threads  stream threads: {@code vigil.stream.threads} when the variant sets it, else {@code --threads}
 */
public record BenchVariant(String name, String settings, VigilConfig config, int threads) {
}

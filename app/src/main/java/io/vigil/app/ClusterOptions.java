package io.vigil.app;

import io.vigil.config.VigilConfig;

import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Map;

/**
 * The options of commands that work on a running cluster's topics ({@code vigil rules}, {@code vigil subscribe},
 * {@code vigil backtest}): the same flags as {@link ConfigOptions}, described truthfully for commands that never
 * start an embedded broker (an empty broker of their own would have nothing to read).
 */
final class ClusterOptions {

    @Option(names = {"-c", "--config"}, paramLabel = "FILE",
            description = "Properties file: vigil.* settings (topic names, ...) and any Kafka client property. "
                    + "Environment variables VIGIL_* and KAFKA_* override it.")
    Path configFile;

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT",
            description = "Kafka cluster to use (default: KAFKA_BOOTSTRAP_SERVERS or the config file). Required: this "
                    + "command does not start an embedded broker; 'vigil demo' prints the address of its own.")
    String bootstrapServers;

    @Option(names = "--schema-registry-url", paramLabel = "URL",
            description = "Schema Registry (Confluent REST API) of that cluster (default: KAFKA_SCHEMA_REGISTRY_URL or "
                    + "the config file). Required.")
    String schemaRegistryUrl;

    /** The configuration: command-line overrides, then environment, then the file, then defaults. */
    VigilConfig load() {
        return ConfigOptions.load(configFile, bootstrapServers, schemaRegistryUrl, Map.of());
    }
}

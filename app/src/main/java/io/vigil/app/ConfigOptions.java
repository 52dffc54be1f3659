package io.vigil.app;

import io.vigil.config.ConfigLoader;
import io.vigil.config.KafkaSettings;
import io.vigil.config.VigilConfig;

import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Options every command that talks to Kafka shares: where the configuration comes from and the cluster
 * addresses. Mixed into each command so the flags mean the same everywhere.
 */
final class ConfigOptions {

    @Option(names = {"-c", "--config"}, paramLabel = "FILE",
            description = "Properties file: vigil.* settings and any Kafka client property. "
                    + "Environment variables VIGIL_* and KAFKA_* override it.")
    Path configFile;

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT",
            description = "Kafka cluster to use (default: KAFKA_BOOTSTRAP_SERVERS, the config file, "
                    + "or else an embedded single-node broker started by this command).")
    String bootstrapServers;

    @Option(names = "--schema-registry-url", paramLabel = "URL",
            description = "Schema Registry (Confluent REST API) to use with --bootstrap-servers.")
    String schemaRegistryUrl;

    /** The configuration: command-line overrides, then environment, then the file, then defaults. */
    VigilConfig load(Map<String, String> extraOverrides) {
        return load(configFile, bootstrapServers, schemaRegistryUrl, extraOverrides);
    }

    /**
     * The one way every command loads its configuration: the cluster flags and {@code extraOverrides} over the
     * environment, over the properties file, over the defaults.
     */
    static VigilConfig load(Path configFile, String bootstrapServers, String schemaRegistryUrl,
                            Map<String, String> extraOverrides) {
        Map<String, String> overrides = new LinkedHashMap<>(extraOverrides);
        if (bootstrapServers != null) {
            overrides.put(KafkaSettings.BOOTSTRAP_SERVERS, bootstrapServers);
        }
        if (schemaRegistryUrl != null) {
            overrides.put(KafkaSettings.SCHEMA_REGISTRY_URL, schemaRegistryUrl);
        }
        return ConfigLoader.load(System.getenv(), Optional.ofNullable(configFile), overrides);
    }
}

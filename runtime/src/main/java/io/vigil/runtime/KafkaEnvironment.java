package io.vigil.runtime;

import io.vigil.config.ConfigException;
import io.vigil.config.KafkaSettings;
import io.vigil.config.VigilConfig;

import org.apache.kafka.clients.admin.Admin;

import java.util.HashMap;
import java.util.Map;

/**
 * The Kafka cluster and Schema Registry a command talks to: the ones configured, or a local cluster that the
 * caller started (the embedded default) and that is closed again with this environment.
 *
 * <p>{@link #config()} is the configuration with both addresses filled in, so everything downstream reads
 * them from one place whichever way they came.
 */
public final class KafkaEnvironment implements AutoCloseable {

    private final VigilConfig config;
    private final AutoCloseable localCluster;
    private final Admin admin;

    private KafkaEnvironment(VigilConfig config, AutoCloseable localCluster) {
        this.config = config;
        this.localCluster = localCluster;
        this.admin = Admin.create(new HashMap<>(clientProperties()));
    }

    /** Connects to the configured cluster after a preflight check, and creates Vigil's topics. */
    public static KafkaEnvironment connect(VigilConfig config) {
        if (config.kafka().schemaRegistryUrl().isEmpty()) {
            throw new ConfigException("schema.registry.url", "",
                    "required when bootstrap.servers is set (KAFKA_SCHEMA_REGISTRY_URL or the properties file)");
        }
        ClusterPreflight.check(config.kafka().properties(), ClusterPreflight.DEFAULT_TIMEOUT);
        return withTopics(new KafkaEnvironment(config, null));
    }

    /**
     * Uses a cluster the caller started at {@code bootstrapServers} and {@code registryUrl}, creates Vigil's
     * topics there, and closes {@code localCluster} when this environment closes (also when this call fails).
     */
    public static KafkaEnvironment local(VigilConfig config, String bootstrapServers, String registryUrl,
                                         AutoCloseable localCluster) {
        Map<String, String> props = new HashMap<>(config.kafka().properties());
        props.put(KafkaSettings.BOOTSTRAP_SERVERS, bootstrapServers);
        props.put(KafkaSettings.SCHEMA_REGISTRY_URL, registryUrl);
        try {
            return withTopics(new KafkaEnvironment(config.withKafka(KafkaSettings.of(props)), localCluster));
        } catch (RuntimeException e) {
            closeQuietly(localCluster, e);
            throw e;
        }
    }

    private static KafkaEnvironment withTopics(KafkaEnvironment env) {
        try {
            TopicBootstrap.ensure(env.admin, env.config.topics());
            return env;
        } catch (RuntimeException e) {
            env.close();
            throw e;
        }
    }

    public VigilConfig config() {
        return config;
    }

    public boolean embedded() {
        return localCluster != null;
    }

    /** Properties for any Kafka client or serde of this environment: addresses plus the user's Kafka settings. */
    public Map<String, Object> clientProperties() {
        return new HashMap<>(config.kafka().properties());
    }

    public Admin admin() {
        return admin;
    }

    @Override
    public void close() {
        admin.close();
        if (localCluster != null) {
            closeQuietly(localCluster, null);
        }
    }

    private static void closeQuietly(AutoCloseable closeable, RuntimeException pending) {
        try {
            closeable.close();
        } catch (Exception e) {
            if (pending == null) {
                throw new IllegalStateException("Closing the local cluster failed: " + e.getMessage(), e);
            }
            pending.addSuppressed(e);
        }
    }
}

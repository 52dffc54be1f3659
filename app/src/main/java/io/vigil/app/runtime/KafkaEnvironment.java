package io.vigil.app.runtime;

import io.vigil.app.embedded.EmbeddedKafkaBroker;
import io.vigil.app.embedded.TopicBootstrap;
import io.vigil.config.KafkaSettings;
import io.vigil.config.VigilConfig;
import io.vigil.serdes.registry.EmbeddedSchemaRegistry;
import org.apache.kafka.clients.admin.Admin;

import java.io.PrintStream;
import java.util.HashMap;
import java.util.Map;

/**
 * The Kafka cluster and Schema Registry a command talks to: the ones configured, or, with no
 * {@code bootstrap.servers} configured (the embedded default), a real single-node KRaft broker and a small
 * Confluent-API registry started in this process and removed again at close.
 *
 * <p>{@link #config()} is the configuration with both addresses filled in, so everything downstream reads
 * them from one place whichever way they came.
 */
public final class KafkaEnvironment implements AutoCloseable {

    private final VigilConfig config;
    private final EmbeddedKafkaBroker broker;
    private final EmbeddedSchemaRegistry registry;
    private final Admin admin;

    private KafkaEnvironment(VigilConfig config, EmbeddedKafkaBroker broker, EmbeddedSchemaRegistry registry) {
        this.config = config;
        this.broker = broker;
        this.registry = registry;
        this.admin = Admin.create(new HashMap<>(clientProperties()));
    }

    /**
     * Connects to the configured cluster, or starts the embedded one on {@code kafkaPort} and
     * {@code registryPort} (0 picks free ports), and creates Vigil's topics.
     */
    public static KafkaEnvironment start(VigilConfig config, int kafkaPort, int registryPort, PrintStream out) {
        if (!config.kafka().embedded()) {
            if (config.kafka().schemaRegistryUrl().isEmpty()) {
                throw new io.vigil.config.ConfigException("schema.registry.url", "",
                        "required when bootstrap.servers is set (KAFKA_SCHEMA_REGISTRY_URL or the properties file)");
            }
            ClusterPreflight.check(config.kafka().properties(), ClusterPreflight.DEFAULT_TIMEOUT);
            return withTopics(new KafkaEnvironment(config, null, null));
        }
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(kafkaPort, null, config.topics().partitions(),
                EmbeddedKafkaBroker.DEFAULT_READY_TIMEOUT);
        EmbeddedSchemaRegistry registry;
        try {
            registry = EmbeddedSchemaRegistry.start(registryPort);
        } catch (RuntimeException e) {
            broker.close();
            throw e;
        }
        Map<String, String> props = new HashMap<>(config.kafka().properties());
        props.put(KafkaSettings.BOOTSTRAP_SERVERS, broker.bootstrapServers());
        props.put(KafkaSettings.SCHEMA_REGISTRY_URL, registry.url());
        VigilConfig withAddresses = config.withKafka(KafkaSettings.of(props));
        out.printf("Embedded Kafka broker (KRaft) at %s, schema registry at %s%n",
                broker.bootstrapServers(), registry.url());
        return withTopics(new KafkaEnvironment(withAddresses, broker, registry));
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
        return broker != null;
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
        if (registry != null) {
            registry.close();
        }
        if (broker != null) {
            broker.close();
        }
    }
}

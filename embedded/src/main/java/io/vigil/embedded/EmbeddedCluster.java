package io.vigil.embedded;

import io.vigil.serdes.registry.EmbeddedSchemaRegistry;

/**
 * The embedded default's whole cluster: a real KRaft broker (or several, {@link #start(int, int, int, int)}) in a
 * temporary directory and the small Confluent-API schema registry, started together and closed together.
 */
public final class EmbeddedCluster implements AutoCloseable {

    private final AutoCloseable broker;
    private final String bootstrapServers;
    private final EmbeddedSchemaRegistry registry;

    private EmbeddedCluster(AutoCloseable broker, String bootstrapServers, EmbeddedSchemaRegistry registry) {
        this.bootstrapServers = bootstrapServers;
        this.broker = broker;
        this.registry = registry;
    }

    /** Starts the broker on {@code kafkaPort} and the registry on {@code registryPort}; 0 picks free ports. */
    public static EmbeddedCluster start(int kafkaPort, int registryPort, int partitions) {
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(kafkaPort, null, partitions,
                EmbeddedKafkaBroker.DEFAULT_READY_TIMEOUT);
        try {
            return new EmbeddedCluster(broker, broker.bootstrapServers(), EmbeddedSchemaRegistry.start(registryPort));
        } catch (RuntimeException e) {
            broker.close();
            throw e;
        }
    }

    /**
     * Starts {@code brokers} KRaft nodes in this process ({@link EmbeddedKafkaCluster}; one node is the
     * single-node broker), the first on {@code kafkaPort} and the others on the ports after it, and the registry.
     */
    public static EmbeddedCluster start(int kafkaPort, int registryPort, int partitions, int brokers) {
        if (brokers == 1) {
            return start(kafkaPort, registryPort, partitions);
        }
        EmbeddedKafkaCluster cluster = EmbeddedKafkaCluster.start(brokers, kafkaPort, null, partitions,
                EmbeddedKafkaBroker.DEFAULT_READY_TIMEOUT);
        try {
            return new EmbeddedCluster(cluster, cluster.bootstrapServers(), EmbeddedSchemaRegistry.start(registryPort));
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    public String registryUrl() {
        return registry.url();
    }

    @Override
    public void close() {
        registry.close();
        try {
            broker.close();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("Closing the embedded Kafka cluster failed: " + e.getMessage(), e);
        }
    }
}

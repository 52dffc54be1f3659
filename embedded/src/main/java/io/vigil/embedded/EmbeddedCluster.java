package io.vigil.embedded;

import io.vigil.serdes.registry.EmbeddedSchemaRegistry;

/**
 * The embedded default's whole cluster: a real single-node KRaft broker in a temporary directory and the
 * small Confluent-API schema registry, started together and closed together.
 */
public final class EmbeddedCluster implements AutoCloseable {

    private final EmbeddedKafkaBroker broker;
    private final EmbeddedSchemaRegistry registry;

    private EmbeddedCluster(EmbeddedKafkaBroker broker, EmbeddedSchemaRegistry registry) {
        this.broker = broker;
        this.registry = registry;
    }

    /** Starts the broker on {@code kafkaPort} and the registry on {@code registryPort}; 0 picks free ports. */
    public static EmbeddedCluster start(int kafkaPort, int registryPort, int partitions) {
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(kafkaPort, null, partitions,
                EmbeddedKafkaBroker.DEFAULT_READY_TIMEOUT);
        try {
            return new EmbeddedCluster(broker, EmbeddedSchemaRegistry.start(registryPort));
        } catch (RuntimeException e) {
            broker.close();
            throw e;
        }
    }

    public String bootstrapServers() {
        return broker.bootstrapServers();
    }

    public String registryUrl() {
        return registry.url();
    }

    @Override
    public void close() {
        registry.close();
        broker.close();
    }
}

package io.vigil.app;

import io.vigil.config.VigilConfig;
import io.vigil.runtime.ActionableException;
import io.vigil.runtime.KafkaEnvironment;


/**
 * The cluster a command that works on existing data must be given: {@code vigil rules}, {@code vigil subscribe}
 * and {@code vigil backtest} read and write topics other processes share, so an embedded broker of their own (the
 * default of {@code vigil demo}) would be empty and pointless.
 */
final class Cluster {

    private Cluster() {
    }

    /**
     * Connects to the configured cluster and makes sure Vigil's topics exist.
     *
     * @throws ActionableException when no cluster is configured or it cannot be reached
     */
    static KafkaEnvironment connect(VigilConfig config, String command) {
        if (config.kafka().embedded()) {
            throw new ActionableException(command + " needs a running Kafka cluster: give --bootstrap-servers "
                    + "HOST:PORT and --schema-registry-url URL (or KAFKA_BOOTSTRAP_SERVERS and "
                    + "KAFKA_SCHEMA_REGISTRY_URL), for example the addresses 'vigil demo' prints");
        }
        try {
            return KafkaEnvironment.connect(config);
        } catch (IllegalStateException e) {
            throw new ActionableException(e.getMessage(), e);
        }
    }
}

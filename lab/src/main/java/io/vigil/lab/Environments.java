package io.vigil.lab;

import io.vigil.config.VigilConfig;
import io.vigil.embedded.EmbeddedCluster;
import io.vigil.runtime.KafkaEnvironment;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.PrintStream;

/** Chooses between the configured cluster and the embedded default, the one decision every lab run starts with. */
public final class Environments {

    private static final Logger LOG = LoggerFactory.getLogger(Environments.class);

    private Environments() {
    }

    /**
     * Connects to the configured cluster, or, with no {@code bootstrap.servers} configured, starts the embedded
     * one on {@code kafkaPort} and {@code registryPort} (0 picks free ports) and says where on {@code out}.
     */
    public static KafkaEnvironment start(VigilConfig config, int kafkaPort, int registryPort, PrintStream out) {
        return start(config, kafkaPort, registryPort, 1, out);
    }

    /**
     * As above, with an embedded cluster of {@code brokers} KRaft nodes (the first on {@code kafkaPort}, the others
     * on the ports after it, or all on free ports).
     */
    public static KafkaEnvironment start(VigilConfig config, int kafkaPort, int registryPort, int brokers,
                                         PrintStream out) {
        if (!config.kafka().embedded()) {
            return KafkaEnvironment.connect(config);
        }
        LOG.info("No bootstrap.servers configured: starting the embedded Kafka broker and schema registry");
        EmbeddedCluster cluster = EmbeddedCluster.start(kafkaPort, registryPort, config.topics().partitions(), brokers);
        out.printf("Embedded Kafka %s (KRaft) at %s, schema registry at %s%n",
                brokers == 1 ? "broker" : "cluster of " + brokers + " nodes", cluster.bootstrapServers(),
                cluster.registryUrl());
        return KafkaEnvironment.local(config, cluster.bootstrapServers(), cluster.registryUrl(), cluster);
    }
}

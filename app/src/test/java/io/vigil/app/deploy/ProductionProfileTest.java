package io.vigil.app.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigil.config.ConfigLoader;
import io.vigil.config.ProcessingGuarantee;
import io.vigil.config.VigilConfig;
import io.vigil.topology.StreamsProperties;

import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * config/examples/production.properties loads through Vigil's configuration without an unknown or invalid
 * setting, and Kafka Streams accepts the properties an instance would be started with.
 */
class ProductionProfileTest {

    @Test
    void shouldLoadTheProductionProfileAndProduceValidStreamsProperties() {
        VigilConfig config = ConfigLoader.load(Map.of(),
                Optional.of(DeploymentFiles.root().resolve("config/examples/production.properties")), Map.of());

        assertEquals(ProcessingGuarantee.EXACTLY_ONCE_V2, config.streams().processingGuarantee());
        assertEquals(3, config.topics().replicationFactor());
        Properties props = StreamsProperties.forInstance(config, "instance-1");
        assertEquals("1", props.get("num.standby.replicas"));
        assertEquals("SASL_SSL", props.get("security.protocol"));
        assertEquals(3, props.get(StreamsConfig.REPLICATION_FACTOR_CONFIG));
        // Kafka Streams validates its own settings at construction; the config providers are left out here
        // because the secrets files they name exist only on a production host.
        props.remove("config.providers");
        StreamsConfig streams = new StreamsConfig(props);
        assertEquals(1, streams.getInt(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG));
        assertEquals("exactly_once_v2", streams.getString(StreamsConfig.PROCESSING_GUARANTEE_CONFIG));
        // And printing the settings shows where the secrets are configured, never their values
        String printed = config.kafka().toString();
        assertTrue(printed.contains("sasl.jaas.config=[hidden]"), printed);
        assertFalse(printed.contains("ScramLoginModule"), printed);
    }
}

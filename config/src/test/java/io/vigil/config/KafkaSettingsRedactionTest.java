package io.vigil.config;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import java.util.Map;

/** Printing the Kafka settings of a secured deployment never prints a secret. */
class KafkaSettingsRedactionTest {

    @Test
    void shouldHideEverySecretOfASaslSslConfigurationWhenPrinted() {
        // Given the settings of a SASL_SSL + SCRAM client with TLS stores and an authenticated registry
        KafkaSettings settings = KafkaSettings.of(Map.of(
                "bootstrap.servers", "broker-1:9093",
                "security.protocol", "SASL_SSL",
                "sasl.mechanism", "SCRAM-SHA-512",
                "sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required "
                        + "username=\"vigil\" password=\"pw-jaas\";",
                "ssl.truststore.location", "/etc/vigil/truststore.p12",
                "ssl.truststore.password", "pw-truststore",
                "ssl.keystore.password", "pw-keystore",
                "ssl.key.password", "pw-key",
                "schema.registry.url", "https://registry-user:pw-url@registry:8081",
                "basic.auth.user.info", "registry-user:pw-basic"));

        // When they are printed
        String printed = settings.toString();

        // Then no secret appears, and the settings that say how to connect still do
        for (String secret : new String[] {"pw-jaas", "pw-truststore", "pw-keystore", "pw-key", "pw-url", "pw-basic",
                "ScramLoginModule"}) {
            assertFalse(printed.contains(secret), () -> secret + " printed in " + printed);
        }
        assertTrue(printed.contains("security.protocol=SASL_SSL"), printed);
        assertTrue(printed.contains("sasl.mechanism=SCRAM-SHA-512"), printed);
        assertTrue(printed.contains("ssl.truststore.location=/etc/vigil/truststore.p12"), printed);
        assertTrue(printed.contains("https://[hidden]@registry:8081"), printed);
    }

    @Test
    void shouldShowAConfigProviderReferenceOnlyWhereThePropertyIsNotSecret() {
        KafkaSettings settings = KafkaSettings.of(Map.of(
                "bootstrap.servers", "broker-1:9093",
                "config.providers", "file",
                "config.providers.file.class", "org.apache.kafka.common.config.provider.FileConfigProvider",
                "ssl.truststore.password", "${file:/etc/vigil/secrets.properties:truststore.password}",
                "ssl.truststore.location", "${env:VIGIL_TRUSTSTORE}"));

        String printed = settings.toString();

        assertTrue(printed.contains("ssl.truststore.password=[hidden]"), printed);
        assertTrue(printed.contains("ssl.truststore.location=${env:VIGIL_TRUSTSTORE}"), printed);
        assertTrue(printed.contains("config.providers=file"), printed);
    }
}

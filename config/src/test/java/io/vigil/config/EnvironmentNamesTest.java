package io.vigil.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

class EnvironmentNamesTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "VIGIL_STREAM_THREADS, vigil.stream.threads",
            "VIGIL_TOPIC_LATE_EVENTS, vigil.topic.late.events",
            "KAFKA_BOOTSTRAP_SERVERS, bootstrap.servers",
            "KAFKA_SCHEMA_REGISTRY_URL, schema.registry.url",
            "KAFKA_SECURITY_PROTOCOL, security.protocol"})
    void shouldMapVariableToSettingWhenItHasAVigilOrKafkaPrefix(String variable, String setting) {
        // When
        Optional<String> mapped = EnvironmentNames.settingName(variable);

        // Then
        assertEquals(Optional.of(setting), mapped);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"PATH", "HOME", "VIGIL_", "KAFKA_", "vigil_stream_threads",
            "KAFKA_HEAP_OPTS", "KAFKA_OPTS", "KAFKA_HOME", "VIGIL_SERVICE_HOST", "VIGIL_PORT",
            "VIGIL_PORT_8080_TCP_ADDR", "KAFKA_SERVICE_PORT", "KAFKA_PORT_9092_TCP", "VIGIL_JAVA_OPTS"})
    void shouldIgnoreVariableWhenItIsNotASetting(String variable) {
        // When
        Optional<String> mapped = EnvironmentNames.settingName(variable);

        // Then
        assertEquals(Optional.empty(), mapped);
    }

    @Test
    void shouldMapWithRootLocaleWhenDefaultLocaleIsTurkish() {
        // Given: in Turkish, "I".toLowerCase() is the dotless "ı"
        Locale original = Locale.getDefault();
        Locale.setDefault(new Locale("tr"));
        try {
            // When
            Optional<String> mapped = EnvironmentNames.settingName("VIGIL_STREAM_THREADS");
            VigilConfig config = ConfigLoader.load(
                    Map.of("VIGIL_STREAM_THREADS", "4"), Optional.empty(), Map.of());

            // Then
            assertEquals(Optional.of("vigil.stream.threads"), mapped);
            assertEquals(4, config.streams().threads());
        } finally {
            Locale.setDefault(original);
        }
    }

    @Test
    void shouldKeepOnlySettingsWhenMappingAWholeEnvironment() {
        // Given
        Map<String, String> environment = Map.of(
                "PATH", "/usr/bin",
                "VIGIL_GRACE", "1m",
                "KAFKA_ACKS", "all",
                "KAFKA_HEAP_OPTS", "-Xmx1g");

        // When
        Map<String, String> settings = EnvironmentNames.toSettings(environment);

        // Then
        assertEquals(Map.of("vigil.grace", "1m", "acks", "all"), settings);
    }
}

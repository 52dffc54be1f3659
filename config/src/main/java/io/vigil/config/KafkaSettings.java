package io.vigil.config;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The Kafka client and Streams properties Vigil passes through untouched ({@code KAFKA_*}
 * environment variables and the non-{@code vigil.*} keys of the properties file).
 *
 * <p>Vigil does not model Kafka's hundreds of settings; it only needs to know whether a
 * cluster was named at all, because without {@code bootstrap.servers} it starts its own
 * embedded broker. {@link #properties()} always contains the two named values when they are
 * present, so clients can be configured from the map alone.
 *
 * @param bootstrapServers the cluster to connect to; empty means run embedded
 * @param schemaRegistryUrl the Schema Registry to use, if one was given
 * @param properties every Kafka property given, including the two above
 */
public record KafkaSettings(Optional<String> bootstrapServers, Optional<String> schemaRegistryUrl,
        Map<String, String> properties) {

    public static final String BOOTSTRAP_SERVERS = "bootstrap.servers";
    public static final String SCHEMA_REGISTRY_URL = "schema.registry.url";

    /** Property names whose values are credentials, hidden when the settings are printed. */
    private static final Pattern SECRET_NAME =
            Pattern.compile(".*(password|secret|jaas|credentials|user\\.info|token|\\.key$).*");
    /** The user-info part of a URL ({@code https://user:password@registry:8081}), whatever the property. */
    private static final Pattern URL_USER_INFO = Pattern.compile("(\\b[a-zA-Z][a-zA-Z0-9+.-]*://)[^/@\\s]+@");

    /**
     * Keeps the optionals and the map in agreement: a value given as an optional is written into
     * the map, and a value present only in the map fills the optional.
     */
    public KafkaSettings {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        Objects.requireNonNull(schemaRegistryUrl, "schemaRegistryUrl");
        Map<String, String> merged = new HashMap<>(properties);
        bootstrapServers.ifPresent(v -> merged.put(BOOTSTRAP_SERVERS, v));
        schemaRegistryUrl.ifPresent(v -> merged.put(SCHEMA_REGISTRY_URL, v));
        properties = Map.copyOf(merged);
        bootstrapServers = nonBlank(properties.get(BOOTSTRAP_SERVERS));
        schemaRegistryUrl = nonBlank(properties.get(SCHEMA_REGISTRY_URL));
    }

    /** Settings made of Kafka properties alone; the two named values are read from the map. */
    public static KafkaSettings of(Map<String, String> properties) {
        return new KafkaSettings(Optional.empty(), Optional.empty(), properties);
    }

    /** True when no cluster was named, so Vigil must start its embedded broker and registry. */
    public boolean embedded() {
        return bootstrapServers.isEmpty();
    }

    /**
     * Hides credentials (SASL JAAS configs, SSL passwords, registry user info, user:password in URLs) from logs.
     * Config-provider references such as {@code ${file:/etc/vigil/secrets:password}} name where a secret is, not
     * the secret, and are shown unless the property itself is secret.
     */
    @Override
    public String toString() {
        Map<String, String> shown = new TreeMap<>();
        properties.forEach((k, v) -> shown.put(k, isSecret(k) ? "[hidden]" : withoutUserInfo(v)));
        return "KafkaSettings[bootstrapServers=" + bootstrapServers.map(KafkaSettings::withoutUserInfo)
                + ", schemaRegistryUrl=" + schemaRegistryUrl.map(KafkaSettings::withoutUserInfo)
                + ", properties=" + shown + "]";
    }

    private static String withoutUserInfo(String value) {
        return URL_USER_INFO.matcher(value).replaceAll("$1[hidden]@");
    }

    private static boolean isSecret(String propertyName) {
        return SECRET_NAME.matcher(propertyName.toLowerCase(Locale.ROOT)).matches();
    }

    private static Optional<String> nonBlank(String value) {
        return Optional.ofNullable(value).filter(v -> !v.isBlank());
    }
}

package io.vigil.serdes;

import io.vigil.serdes.registry.MockSchemaRegistry;
import io.vigil.serdes.registry.RestSchemaRegistryClient;
import io.vigil.serdes.registry.SchemaRegistryClient;

import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The serde's settings, under the names Confluent's serde uses, so one producer, consumer or Streams configuration
 * works with either serde. Parsed and validated by Kafka's {@link ConfigDef}, so a bad value fails in
 * {@code configure()} with a {@link ConfigException} that names the key.
 */
public final class AvroSerdeConfig extends AbstractConfig {

    /**
     * Comma-separated registry URLs ({@code http://host:8081,http://other:8081}, tried in turn when one cannot be
     * reached), or {@code mock://scope} for an in-process registry. Required.
     */
    public static final String SCHEMA_REGISTRY_URL = "schema.registry.url";
    /** Register the record's schema under the topic's subject on first use (default {@code true}). */
    public static final String AUTO_REGISTER_SCHEMAS = "auto.register.schemas";
    /**
     * With {@code auto.register.schemas=false}: write with the subject's latest version instead of looking up the
     * record's own schema (default {@code false}). Vigil only accepts a latest version whose binary layout is the
     * record's, because it writes the record as it is.
     */
    public static final String USE_LATEST_VERSION = "use.latest.version";
    /**
     * Accepted for compatibility with Confluent configurations; Vigil's deserializer always produces the generated
     * (specific) class, as Confluent's {@code SpecificAvroSerde} does.
     */
    public static final String SPECIFIC_AVRO_READER = "specific.avro.reader";
    /** Milliseconds to wait for a TCP connection to a registry URL before trying the next (default 10000). */
    public static final String HTTP_CONNECT_TIMEOUT_MS = "http.connect.timeout.ms";
    /** Milliseconds to wait for a registry's answer (default 30000). */
    public static final String HTTP_READ_TIMEOUT_MS = "http.read.timeout.ms";
    /** {@code URL} (user info in the URL, the default) or {@code USER_INFO} (from {@code basic.auth.user.info}). */
    public static final String BASIC_AUTH_CREDENTIALS_SOURCE = "basic.auth.credentials.source";
    /** {@code user:password} for HTTP basic authentication when the credentials source is {@code USER_INFO}. */
    public static final String BASIC_AUTH_USER_INFO = "basic.auth.user.info";

    private static final ConfigDef DEFINITION = new ConfigDef()
            .define(SCHEMA_REGISTRY_URL, Type.LIST, null, Importance.HIGH,
                    "Comma-separated schema registry URLs, or mock://scope for an in-process registry.")
            .define(AUTO_REGISTER_SCHEMAS, Type.BOOLEAN, true, Importance.MEDIUM,
                    "Register the record's schema under the topic's subject on first use.")
            .define(USE_LATEST_VERSION, Type.BOOLEAN, false, Importance.LOW,
                    "Write with the subject's latest version when schemas are not auto-registered.")
            .define(SPECIFIC_AVRO_READER, Type.BOOLEAN, true, Importance.LOW,
                    "Accepted for Confluent compatibility; the deserializer always returns generated classes.")
            .define(HTTP_CONNECT_TIMEOUT_MS, Type.INT,
                    (int) RestSchemaRegistryClient.DEFAULT_CONNECT_TIMEOUT.toMillis(), ConfigDef.Range.atLeast(1),
                    Importance.LOW, "Connect timeout per registry URL, in milliseconds.")
            .define(HTTP_READ_TIMEOUT_MS, Type.INT,
                    (int) RestSchemaRegistryClient.DEFAULT_REQUEST_TIMEOUT.toMillis(), ConfigDef.Range.atLeast(1),
                    Importance.LOW, "Timeout for a registry's answer, in milliseconds.")
            .define(BASIC_AUTH_CREDENTIALS_SOURCE, Type.STRING, "URL", ConfigDef.ValidString.in("URL", "USER_INFO"),
                    Importance.MEDIUM, "Where HTTP basic authentication credentials come from.")
            .define(BASIC_AUTH_USER_INFO, Type.PASSWORD, null, Importance.MEDIUM,
                    "user:password for HTTP basic authentication with credentials source USER_INFO.");

    public AvroSerdeConfig(Map<String, ?> configs) {
        super(DEFINITION, configs, false);
    }

    public boolean autoRegisterSchemas() {
        return getBoolean(AUTO_REGISTER_SCHEMAS);
    }

    public boolean useLatestVersion() {
        return getBoolean(USE_LATEST_VERSION);
    }

    /**
     * The registry client that {@code schema.registry.url} names: an in-process scope for {@code mock://scope},
     * otherwise a REST client over every listed URL.
     *
     * @throws ConfigException naming {@value #SCHEMA_REGISTRY_URL} when it is missing or malformed
     */
    public SchemaRegistryClient createRegistryClient() {
        List<String> listed = getList(SCHEMA_REGISTRY_URL);
        String urls = listed == null ? "" : String.join(",", listed);
        if (urls.isBlank()) {
            throw new ConfigException("Missing required configuration \"" + SCHEMA_REGISTRY_URL + "\": set it to the"
                    + " schema registry's URL(s), e.g. http://localhost:8081, or mock://<scope> for an in-process"
                    + " registry");
        }
        String trimmed = urls.trim();
        if (trimmed.startsWith(MockSchemaRegistry.URL_PREFIX)) {
            String scope = trimmed.substring(MockSchemaRegistry.URL_PREFIX.length());
            if (scope.isBlank() || scope.contains(",")) {
                throw new ConfigException(SCHEMA_REGISTRY_URL, urls,
                        "a mock:// URL must stand alone and name its scope, e.g. mock://vigil-test");
            }
            return MockSchemaRegistry.client(scope);
        }
        List<URI> parsed;
        try {
            parsed = RestSchemaRegistryClient.parseUrls(trimmed);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(SCHEMA_REGISTRY_URL, urls, e.getMessage()
                    + "; expected comma-separated http(s)://host:port URLs or mock://<scope>");
        }
        return new RestSchemaRegistryClient(parsed, Duration.ofMillis(getInt(HTTP_CONNECT_TIMEOUT_MS)),
                Duration.ofMillis(getInt(HTTP_READ_TIMEOUT_MS)), basicAuthUserInfo());
    }

    private Optional<String> basicAuthUserInfo() {
        if (!"USER_INFO".equals(getString(BASIC_AUTH_CREDENTIALS_SOURCE))) {
            return Optional.empty();
        }
        Password userInfo = getPassword(BASIC_AUTH_USER_INFO);
        if (userInfo == null || userInfo.value().isBlank()) {
            throw new ConfigException(BASIC_AUTH_USER_INFO, "[hidden]",
                    "required (as user:password) when " + BASIC_AUTH_CREDENTIALS_SOURCE + " is USER_INFO");
        }
        return Optional.of(userInfo.value());
    }
}

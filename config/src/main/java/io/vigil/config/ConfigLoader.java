package io.vigil.config;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;

/**
 * Loads Vigil's settings from four layers, each overriding the one below:
 * <ol>
 *   <li>explicit overrides (e.g. command-line options),</li>
 *   <li>the environment ({@code VIGIL_A_B} sets {@code vigil.a.b}, {@code KAFKA_A_B} sets the
 *       Kafka property {@code a.b}),</li>
 *   <li>an optional properties file,</li>
 *   <li>the defaults in {@code vigil-defaults.properties} on the classpath.</li>
 * </ol>
 * Keys starting with {@code vigil.} are Vigil's own and must be known, so a typo fails at start
 * instead of being silently ignored; every other key is a Kafka client or Streams property and
 * is passed through in {@link KafkaSettings#properties()}. A blank value in a higher layer
 * unsets an optional setting or a Kafka property.
 *
 * <p>The environment is a parameter rather than read here so that tests never depend on, or
 * touch, the real process environment.
 */
public final class ConfigLoader {

    private static final Logger LOG = LoggerFactory.getLogger(ConfigLoader.class);
    private static final String DEFAULTS_RESOURCE = "/vigil-defaults.properties";

    private ConfigLoader() {
    }

    /**
     * Loads and validates the configuration.
     *
     * @param environment environment variables, e.g. {@link System#getenv()}
     * @param propertiesFile a properties file that must exist when given
     * @param overrides settings that win over every other layer
     * @throws ConfigException listing every bad or unknown setting and every invalid rule
     */
    public static VigilConfig load(Map<String, String> environment, Optional<Path> propertiesFile,
            Map<String, String> overrides) {
        Objects.requireNonNull(environment, "environment");
        Objects.requireNonNull(propertiesFile, "propertiesFile");
        Objects.requireNonNull(overrides, "overrides");
        Map<String, String> merged = new LinkedHashMap<>(classpathDefaults());
        propertiesFile.ifPresent(file -> merged.putAll(readPropertiesFile(file)));
        merged.putAll(EnvironmentNames.toSettings(environment));
        merged.putAll(overrides);
        VigilConfig config = SettingsParser.parse(merged);
        LOG.info("Vigil configuration loaded (properties file: {}, {} rules, {})",
                propertiesFile.map(Path::toString).orElse("none"), config.rules().rules().size(),
                // States the configuration, not what the command does with it: demo and generate start an embedded
                // cluster without servers, detect and rules refuse to run (lab.Environments logs a real start).
                config.kafka().embedded() ? "no bootstrap.servers configured"
                        : "bootstrap.servers " + config.kafka().bootstrapServers().get());
        return config;
    }

    /** Loads from the process environment and the classpath defaults only. */
    public static VigilConfig fromEnvironment() {
        return load(System.getenv(), Optional.empty(), Map.of());
    }

    /**
     * The setting an environment variable name stands for ({@code KAFKA_COMPRESSION_TYPE} is
     * {@code compression.type}, {@code VIGIL_STATE_STORE} is {@code vigil.state.store}), or empty when
     * it is not one of Vigil's: for commands that take settings written as variables.
     */
    public static Optional<String> settingName(String variable) {
        return EnvironmentNames.settingName(variable);
    }

    static Map<String, String> classpathDefaults() {
        try (InputStream in = ConfigLoader.class.getResourceAsStream(DEFAULTS_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(DEFAULTS_RESOURCE + " is missing from the classpath");
            }
            return toMap(in);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + DEFAULTS_RESOURCE, e);
        }
    }

    private static Map<String, String> readPropertiesFile(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return toMap(in);
        } catch (NoSuchFileException e) {
            throw new ConfigException(fileProblem(file, "does not exist"), e);
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigException(fileProblem(file, "cannot be read: " + e.getMessage()), e);
        }
    }

    private static ConfigProblem fileProblem(Path file, String what) {
        return new ConfigProblem("properties file", file.toString(),
                "expected an existing, readable properties file",
                "Properties file '" + file + "' " + what);
    }

    /** UTF-8, not the ISO-8859-1 of {@link Properties#load(InputStream)}, as editors write today. */
    private static Map<String, String> toMap(InputStream in) throws IOException {
        Properties properties = new Properties();
        try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
            properties.load(reader);
        }
        Map<String, String> map = new LinkedHashMap<>();
        properties.stringPropertyNames().forEach(name -> map.put(name, properties.getProperty(name)));
        return map;
    }
}

package io.vigil.config;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Maps environment variables to setting names: {@code VIGIL_STREAM_THREADS} to
 * {@code vigil.stream.threads} and {@code KAFKA_BOOTSTRAP_SERVERS} to {@code bootstrap.servers}.
 *
 * <p>Lower-casing uses {@link Locale#ROOT}: under a Turkish default locale {@code "I"} would
 * otherwise become a dotless {@code "ı"} and no setting would match.
 */
final class EnvironmentNames {

    private static final String VIGIL_PREFIX = "VIGIL_";
    private static final String KAFKA_PREFIX = "KAFKA_";

    /**
     * Variables that share the prefixes but are not settings. Kubernetes injects
     * {@code <SERVICE>_SERVICE_HOST}, {@code <SERVICE>_PORT...} for every service in the namespace,
     * so a service called "vigil" or "kafka" would otherwise stop Vigil with an unknown setting.
     */
    private static final Pattern SERVICE_LINK =
            Pattern.compile("(VIGIL|KAFKA)_(SERVICE_[A-Z0-9_]+|PORT(_[A-Z0-9_]+)?)");

    /** Read by Kafka's launch scripts and images, never meant for a client. */
    private static final Set<String> KAFKA_LAUNCHER_VARIABLES = Set.of(
            "KAFKA_HOME", "KAFKA_OPTS", "KAFKA_HEAP_OPTS", "KAFKA_JVM_PERFORMANCE_OPTS",
            "KAFKA_GC_LOG_OPTS", "KAFKA_JMX_OPTS", "KAFKA_LOG4J_OPTS", "KAFKA_DEBUG");

    /** Read by the {@code vigil} launcher script (JVM options), never a setting. */
    private static final Set<String> VIGIL_LAUNCHER_VARIABLES = Set.of("VIGIL_JAVA_OPTS");

    private EnvironmentNames() {
    }

    /** The settings the environment defines; sorted by variable name so the result is stable. */
    static Map<String, String> toSettings(Map<String, String> environment) {
        Map<String, String> settings = new LinkedHashMap<>();
        new TreeMap<>(environment).forEach((name, value) ->
                settingName(name).ifPresent(key -> settings.put(key, value)));
        return settings;
    }

    /** The setting an environment variable stands for, or empty when it is not one of Vigil's. */
    static Optional<String> settingName(String variable) {
        if (SERVICE_LINK.matcher(variable).matches() || KAFKA_LAUNCHER_VARIABLES.contains(variable)
                || VIGIL_LAUNCHER_VARIABLES.contains(variable)) {
            return Optional.empty();
        }
        if (variable.startsWith(VIGIL_PREFIX) && variable.length() > VIGIL_PREFIX.length()) {
            return Optional.of(dotted(variable));
        }
        if (variable.startsWith(KAFKA_PREFIX) && variable.length() > KAFKA_PREFIX.length()) {
            return Optional.of(dotted(variable.substring(KAFKA_PREFIX.length())));
        }
        return Optional.empty();
    }

    private static String dotted(String name) {
        return name.toLowerCase(Locale.ROOT).replace('_', '.');
    }
}

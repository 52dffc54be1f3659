package io.vigil.app.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The deployment files of the repository (compose file, Prometheus config, Grafana provisioning and dashboard),
 * found from the test's working directory and parsed as trees.
 *
 * <p>The compose file is read with SnakeYAML, because it uses YAML anchors and merge keys ({@code <<: *vigil})
 * as docker-compose resolves them and Jackson's YAML parser leaves them unresolved; the tree is then handed to
 * Jackson like the other files.
 */
final class DeploymentFiles {

    static final ObjectMapper JSON = new ObjectMapper();
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    /** Metric names a PromQL expression can refer to: every meter Vigil exports has one of these prefixes. */
    private static final Pattern METRIC_NAME = Pattern.compile("\\b((?:vigil|kafka|jvm|process|system)_[a-zA-Z0-9_]+)");

    private DeploymentFiles() {
    }

    /** The repository root: the nearest directory at or above the working directory holding docker-compose.yml. */
    static Path root() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("docker-compose.yml"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no docker-compose.yml at or above " + Path.of("").toAbsolutePath());
    }

    static JsonNode compose() throws IOException {
        LoaderOptions options = new LoaderOptions();
        try (Reader reader = Files.newBufferedReader(root().resolve("docker-compose.yml"))) {
            Map<String, Object> tree = new Yaml(new SafeConstructor(options)).load(reader);
            return JSON.valueToTree(tree);
        }
    }

    static JsonNode yaml(String relativePath) throws IOException {
        return YAML.readTree(root().resolve(relativePath).toFile());
    }

    static JsonNode json(String relativePath) throws IOException {
        return JSON.readTree(root().resolve(relativePath).toFile());
    }

    static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(node -> values.add(node.asText()));
        return values;
    }

    /** The services that run the Vigil image, by name. */
    static Map<String, JsonNode> vigilServices(JsonNode compose) {
        Map<String, JsonNode> vigil = new java.util.TreeMap<>();
        for (Map.Entry<String, JsonNode> service : compose.path("services").properties()) {
            if (service.getValue().path("image").asText().startsWith("vigil:")) {
                vigil.put(service.getKey(), service.getValue());
            }
        }
        return vigil;
    }

    /** Every PromQL expression of every panel of a Grafana dashboard. */
    static List<String> dashboardExpressions(JsonNode dashboard) {
        List<String> expressions = new ArrayList<>();
        dashboard.path("panels").forEach(panel ->
                panel.path("targets").forEach(target -> expressions.add(target.path("expr").asText())));
        return expressions;
    }

    /** The metric names an expression queries. */
    static List<String> metricNames(String expression) {
        List<String> names = new ArrayList<>();
        Matcher m = METRIC_NAME.matcher(expression);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }
}

package io.vigil.app.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The Prometheus configuration and the Grafana provisioning and dashboard are valid YAML/JSON of the expected
 * shape and agree with the compose file (service names, ports, mount paths, datasource uid). Whether the
 * dashboard's metrics exist is checked against a live instance in {@code OpsEndToEndTest}.
 */
class MonitoringConfigTest {

    private static final String DATASOURCE_UID = "vigil-prometheus";

    @Test
    void shouldScrapeEveryDetectorOnTheHttpPortItsCommandServes() throws Exception {
        JsonNode prometheus = DeploymentFiles.yaml("deploy/prometheus/prometheus.yml");
        JsonNode compose = DeploymentFiles.compose();

        assertTrue(prometheus.path("global").path("scrape_interval").asText().matches("\\d+(ms|s|m)"));
        JsonNode job = null;
        for (JsonNode candidate : prometheus.path("scrape_configs")) {
            if ("vigil-detector".equals(candidate.path("job_name").asText())) {
                job = candidate;
            }
        }
        assertTrue(job != null, "a scrape job named vigil-detector");
        assertEquals("/metrics", job.path("metrics_path").asText());
        JsonNode dns = job.path("dns_sd_configs").path(0);
        assertEquals("A", dns.path("type").asText());
        List<String> names = DeploymentFiles.strings(dns.path("names"));
        assertEquals(List.of("detector"), names);
        assertTrue(compose.path("services").has("detector"));

        List<String> command = DeploymentFiles.strings(compose.path("services").path("detector").path("command"));
        int httpPort = Integer.parseInt(command.get(command.indexOf("--http-port") + 1));
        assertEquals(httpPort, dns.path("port").asInt());
        assertTrue(compose.path("services").path("prometheus").path("volumes").toString()
                .contains("./deploy/prometheus/prometheus.yml:/etc/prometheus/prometheus.yml"));
    }

    @Test
    void shouldProvisionThePrometheusDatasourceAndTheDashboardFolderGrafanaMounts() throws Exception {
        JsonNode compose = DeploymentFiles.compose();
        JsonNode datasource = DeploymentFiles.yaml("deploy/grafana/provisioning/datasources/prometheus.yml")
                .path("datasources").path(0);
        assertEquals("prometheus", datasource.path("type").asText());
        assertEquals(DATASOURCE_UID, datasource.path("uid").asText());
        assertEquals("http://prometheus:9090", datasource.path("url").asText());
        assertTrue(compose.path("services").path("prometheus").path("ports").toString().contains("9090:9090"));

        JsonNode provider = DeploymentFiles.yaml("deploy/grafana/provisioning/dashboards/vigil.yml")
                .path("providers").path(0);
        assertEquals("file", provider.path("type").asText());
        String path = provider.path("options").path("path").asText();
        String volumes = compose.path("services").path("grafana").path("volumes").toString();
        assertTrue(volumes.contains("./deploy/grafana/dashboards:" + path), volumes);
        assertTrue(volumes.contains("./deploy/grafana/provisioning:/etc/grafana/provisioning"), volumes);
    }

    @Test
    void shouldHaveAWellFormedDashboardWithThePanelsOperatorsNeed() throws Exception {
        JsonNode dashboard = DeploymentFiles.json("deploy/grafana/dashboards/vigil.json");

        assertFalse(dashboard.path("uid").asText().isEmpty());
        assertEquals("Vigil", dashboard.path("title").asText());
        assertTrue(dashboard.path("schemaVersion").asInt() > 30);
        Set<Integer> ids = new HashSet<>();
        StringBuilder titles = new StringBuilder();
        for (JsonNode panel : dashboard.path("panels")) {
            String title = panel.path("title").asText();
            titles.append(title.toLowerCase(Locale.ROOT)).append('\n');
            assertTrue(ids.add(panel.path("id").asInt()), "duplicate panel id in " + title);
            assertTrue(Set.of("timeseries", "stat", "table", "gauge").contains(panel.path("type").asText()), title);
            assertEquals(DATASOURCE_UID, panel.path("datasource").path("uid").asText(), title);
            JsonNode grid = panel.path("gridPos");
            assertTrue(grid.path("w").asInt() > 0 && grid.path("x").asInt() + grid.path("w").asInt() <= 24, title);
            assertTrue(grid.path("h").asInt() > 0 && grid.has("y"), title);
            assertTrue(panel.path("targets").size() > 0, title);
            Set<String> refIds = new HashSet<>();
            for (JsonNode target : panel.path("targets")) {
                String expr = target.path("expr").asText();
                assertTrue(refIds.add(target.path("refId").asText()), title);
                assertFalse(DeploymentFiles.metricNames(expr).isEmpty(), () -> title + ": no metric in " + expr);
                assertBalanced(expr);
            }
        }
        for (String needed : List.of("throughput", "alerts by rule", "latency", "lag", "dead-letter", "rebalance")) {
            assertTrue(titles.toString().contains(needed), () -> "no panel about " + needed + " in\n" + titles);
        }
    }

    private static void assertBalanced(String expr) {
        int round = 0;
        int curly = 0;
        int square = 0;
        boolean quoted = false;
        for (char c : expr.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
            } else if (!quoted) {
                round += c == '(' ? 1 : c == ')' ? -1 : 0;
                curly += c == '{' ? 1 : c == '}' ? -1 : 0;
                square += c == '[' ? 1 : c == ']' ? -1 : 0;
                assertTrue(round >= 0 && curly >= 0 && square >= 0, expr);
            }
        }
        assertTrue(round == 0 && curly == 0 && square == 0 && !quoted, expr);
    }
}

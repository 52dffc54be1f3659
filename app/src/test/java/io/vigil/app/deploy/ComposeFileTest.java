package io.vigil.app.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.vigil.app.VigilCommand;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Every Vigil service in docker-compose.yml runs a real {@code vigil} subcommand with real flags: its command
 * line is parsed by picocli against the real {@link VigilCommand}, which rejects an unknown subcommand, an
 * unknown or misspelt flag and a value of the wrong type, exactly as the container would at start.
 */
class ComposeFileTest {

    @Test
    void shouldParseEveryVigilServiceCommandLineWithTheRealCommandLine() throws Exception {
        // Given the Vigil services of the compose file
        Map<String, JsonNode> services = DeploymentFiles.vigilServices(DeploymentFiles.compose());
        assertTrue(services.keySet().containsAll(List.of("detector", "generator", "card-blocker", "notifier")),
                services::toString);

        // When each command line is parsed as the container's ENTRYPOINT would receive it
        Set<String> registered = VigilCommand.commandLine().getSubcommands().keySet();
        List<String> checked = new ArrayList<>();
        for (Map.Entry<String, JsonNode> service : services.entrySet()) {
            JsonNode command = service.getValue().path("command");
            assertTrue(command.isArray() && command.size() > 0, () -> service.getKey() + " has no command list");
            List<String> args = DeploymentFiles.strings(command);
            assertTrue(registered.contains(args.get(0)), () -> "service " + service.getKey() + " runs 'vigil "
                    + args.get(0) + "', which is not a subcommand " + registered);
            try {
                VigilCommand.commandLine().parseArgs(args.toArray(String[]::new));
            } catch (CommandLine.ParameterException e) {
                fail("service " + service.getKey() + " runs 'vigil " + String.join(" ", args) + "': " + e.getMessage());
            }
            checked.add(service.getKey());
        }

        // Then every Vigil service's command line parsed
        assertEquals(services.keySet(), Set.copyOf(checked));
    }

    @Test
    void shouldRejectAMisspeltFlagWhenParsingLikeTheComposeCheck() {
        // The check above is only worth something if a wrong flag fails it
        assertThrows(CommandLine.ParameterException.class,
                () -> VigilCommand.commandLine().parseArgs("query", "card", "card-1", "--ulr", "http://x:1"));
        assertThrows(CommandLine.ParameterException.class,
                () -> VigilCommand.commandLine().parseArgs("demo", "--http-port", "eighty"));
        VigilCommand.commandLine().parseArgs("demo", "--http-port", "28080");
    }

    @Test
    void shouldGiveEveryVigilServiceTheClusterAndTheRegistry() throws Exception {
        for (Map.Entry<String, JsonNode> service : DeploymentFiles.vigilServices(DeploymentFiles.compose()).entrySet()) {
            JsonNode env = service.getValue().path("environment");
            assertEquals("kafka-1:9092,kafka-2:9092,kafka-3:9092", env.path("KAFKA_BOOTSTRAP_SERVERS").asText(),
                    service.getKey());
            assertEquals("http://schema-registry:8081", env.path("KAFKA_SCHEMA_REGISTRY_URL").asText(), service.getKey());
            assertEquals("3", env.path("VIGIL_TOPIC_REPLICATION_FACTOR").asText(), service.getKey());
        }
    }

    @Test
    void shouldRunThreeDetectorsWithStandbysOnAThreeBrokerClusterThatNeedsTwoInSyncReplicas() throws Exception {
        JsonNode compose = DeploymentFiles.compose();
        JsonNode detector = compose.path("services").path("detector");
        assertEquals(3, detector.path("deploy").path("replicas").asInt());
        assertEquals("1", detector.path("environment").path("KAFKA_NUM_STANDBY_REPLICAS").asText());

        Set<String> nodeIds = new TreeSet<>();
        for (String broker : List.of("kafka-1", "kafka-2", "kafka-3")) {
            JsonNode service = compose.path("services").path(broker);
            assertTrue(service.path("image").asText().startsWith("apache/kafka:4."), broker);
            JsonNode env = service.path("environment");
            assertNotNull(env.get("CLUSTER_ID"), broker);
            nodeIds.add(env.path("KAFKA_NODE_ID").asText());
            assertEquals("3", env.path("KAFKA_DEFAULT_REPLICATION_FACTOR").asText(), broker);
            assertEquals("2", env.path("KAFKA_MIN_INSYNC_REPLICAS").asText(), broker);
            assertEquals("3", env.path("KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR").asText(), broker);
            assertEquals("2", env.path("KAFKA_TRANSACTION_STATE_LOG_MIN_ISR").asText(), broker);
            assertEquals("1@kafka-1:9093,2@kafka-2:9093,3@kafka-3:9093",
                    env.path("KAFKA_CONTROLLER_QUORUM_VOTERS").asText(), broker);
        }
        assertEquals(Set.of("1", "2", "3"), nodeIds);
    }
}

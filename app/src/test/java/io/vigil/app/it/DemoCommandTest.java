package io.vigil.app.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigil.app.VigilCommand;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * The main job as a user runs it: {@code vigil demo} on the embedded default (its own KRaft broker and registry,
 * two exactly-once stream instances, generator, printer), ending with a summary and its JSON.
 */
class DemoCommandTest {

    @TempDir
    Path tmp;

    @Test
    void shouldDetectEveryInjectedBurstWithoutDuplicatesWhenTheDemoRunsOnTheEmbeddedDefault() throws Exception {
        // Given a short run of both scenarios with frequent injections
        Path json = tmp.resolve("out.json");
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream original = System.out;
        int exit;

        // When the demo runs from the command line
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            exit = VigilCommand.commandLine().execute("demo", "--duration", "25s", "--rate", "400",
                    "--cards", "20000", "--devices", "50", "--injections-per-minute", "12", "--quiet-alerts",
                    "--summary-json", json.toString());
        } finally {
            System.setOut(original);
        }
        String out = captured.toString(StandardCharsets.UTF_8);

        // Then it exits 0, showed progress and the summary, and wrote the JSON contract
        assertEquals(0, exit, out);
        assertTrue(out.contains("Embedded Kafka broker (KRaft) at 127.0.0.1:"), out);
        assertTrue(out.lines().anyMatch(l -> l.matches("\\[\\s*\\d+s] history [\\d,]+ sent, live .*")), "progress lines");
        assertTrue(out.contains("=== Vigil demo summary ==="), out);
        JsonNode summary = new ObjectMapper().readTree(json.toFile());
        for (String key : List.of("events", "alerts", "duplicateAlerts", "patterns", "falseAlerts", "precision",
                "recall", "throughputEventsPerSec", "latencyMs")) {
            assertTrue(summary.has(key), "summary has " + key);
        }
        for (String p : List.of("p50", "p99", "p999")) {
            assertTrue(summary.get("latencyMs").has(p), "latencyMs has " + p);
        }
        assertTrue(summary.get("events").asLong() > 5_000, summary.toPrettyString());
        assertTrue(summary.get("alerts").asLong() > 0, summary.toPrettyString());
        assertEquals(0, summary.get("duplicateAlerts").asLong(), summary.toPrettyString());
        JsonNode velocity = summary.get("patterns").get("velocity");
        assertTrue(velocity.get("injected").asLong() >= 1, summary.toPrettyString());
        assertEquals(velocity.get("injected").asLong(), velocity.get("detected").asLong(), summary.toPrettyString());
        assertEquals(0, summary.get("replays").get("alerted").asLong(), summary.toPrettyString());
    }
}

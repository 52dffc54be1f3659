package io.vigil.app;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * A whole {@code vigil bench} run, tiny, on the embedded default: it must finish and write every promised number
 * and a real PNG. Speed is never asserted here; only that each stage measured something.
 */
class BenchCommandTest {

    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    @TempDir
    Path dir;

    @Test
    void shouldWriteEveryRequiredNumberAndAPngWhenATinyBenchRuns() throws Exception {
        // Given a tiny backlog and a short latency stage
        Path json = dir.resolve("bench.json");
        Path chart = dir.resolve("bench.png");

        // When the bench runs on its own embedded broker
        Run run = run("bench", "--events", "3000", "--cards", "2000", "--scenario-rate", "100",
                "--devices", "50", "--telemetry-events", "2000",
                "--latency-duration", "3s", "--stage-timeout", "60s", "--floor-state-bytes", "64",
                "--json", json.toString(), "--chart", chart.toString());

        // Then it succeeds and prints the table
        assertEquals(0, run.exitCode(), () -> run.output() + run.err());
        assertTrue(run.output().contains("detection EOS / pass-through EOS"), run::output);

        // and the JSON has every required key, each a positive number
        JsonNode root = new ObjectMapper().readTree(json.toFile());
        for (String path : List.of("producerCeiling.eventsPerSec", "passThroughEos.eventsPerSec",
                "detectionEos.eventsPerSec", "detectionAlos.eventsPerSec", "ratios.detectionEosToPassThroughEos",
                "ratios.detectionEosToAlos", "ratios.detectionEosToProducerCeiling", "latencyMs.p50",
                "latencyMs.p99", "latencyMs.p999", "memory.peakHeapBytes", "memory.stateBytesPerCard.mean",
                "detectionEos.alerts", "passThroughTelemetryEos.eventsPerSec", "telemetryEos.eventsPerSec",
                "ratios.telemetryEosToPassThroughEos", "memory.stateBytesPerDevice.mean",
                "memory.stateBytesPerDevice.p99", "memory.stateBytesPerDeviceMetric.mean",
                "memory.stateBytesPerCard.p99", "memory.storeEntries.card-state",
                "memory.storeEntries.device-state", "stateFloorEos.eventsPerSec",
                "ratios.stateFloorEosToPassThroughEos", "ratios.detectionEosToStateFloorEos")) {
            JsonNode node = at(root, path);
            assertTrue(node.isNumber(), () -> path + " is not a number in " + root);
            assertTrue(node.asDouble() > 0, () -> path + " is not positive in " + root);
        }
        // and the settings used, including the backlog size asked for
        assertEquals(3000, at(root, "settings.events").asInt());
        assertEquals(2, at(root, "settings.streamThreads").asInt());
        assertTrue(at(root, "settings.commitIntervalMs").asInt() > 0);
        assertEquals(64, at(root, "settings.floorStateBytes").asInt());
        assertEquals(64, at(root, "stateFloorEos.stateBytes").asInt());

        // and the device state covers every device of the telemetry backlog
        assertEquals(50, at(root, "memory.stateBytesPerDevice.devices").asInt());

        // and the chart is a PNG
        byte[] head = Arrays.copyOf(Files.readAllBytes(chart), PNG_SIGNATURE.length);
        assertArrayEquals(PNG_SIGNATURE, head);
    }

    @Test
    void shouldExitTwoNamingTheCardsNeededWhenTheScenarioRateNeedsMoreCards() {
        Run run = run("bench", "--cards", "1000", "--scenario-rate", "2000");

        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("--scenario-rate 2000 needs at least 37,500 cards"), run::err);
    }

    @Test
    void shouldExitTwoWithoutStartingAnythingWhenTheChartIsNotAPng() {
        Run run = run("bench", "--chart", "bench.jpg");

        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("--chart must name a .png file"), run::err);
    }

    @Test
    void shouldExitTwoWithoutStartingAnythingWhenTheFloorStateIsTooSmall() {
        Run run = run("bench", "--floor-state-bytes", "8");

        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("--floor-state-bytes must be between 16 and 65,536, got 8"), run::err);
    }

    @Test
    void shouldExitTwoNamingTheVariantWhenAnAbSettingIsInvalid() {
        Run run = run("bench", "--ab", "nobloom:VIGIL_ROCKSDB_BLOOM_FILTERS=maybe");

        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("--ab nobloom: Invalid value 'maybe' for vigil.rocksdb.bloom.filters: "
                + "expected true or false"), run::err);
    }

    @Test
    void shouldExitTwoWhenAnAbVariantHasNoName() {
        Run run = run("bench", "--ab", "KAFKA_COMPRESSION_TYPE=lz4");

        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("--ab must be NAME:KEY=VALUE"), run::err);
    }

    private static JsonNode at(JsonNode root, String dotted) {
        JsonNode node = root;
        for (String part : dotted.split("\\.")) {
            node = node.path(part);
        }
        return node;
    }

    private static Run run(String... args) {
        StringWriter err = new StringWriter();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream original = System.out;
        int exitCode;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            CommandLine commandLine = VigilCommand.commandLine();
            commandLine.setErr(new PrintWriter(err, true));
            exitCode = commandLine.execute(args);
        } finally {
            System.setOut(original);
        }
        return new Run(exitCode, out.toString(StandardCharsets.UTF_8), err.toString());
    }

    private record Run(int exitCode, String output, String err) {
    }
}

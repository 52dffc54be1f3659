package io.vigil.app.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigil.app.VigilCommandAccess;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

/** {@code vigil eval nab} from the command line, on the few NAB files the lab module commits as test data. */
class EvalNabCommandTest {

    /** Maven runs each module's tests in the module's folder; the subset lives with the lab's scorer tests. */
    private static final Path NAB_SUBSET = Path.of("..", "lab", "src", "test", "resources", "nab");

    @TempDir
    Path dir;

    @Test
    void shouldWriteEveryContractKeyAndTheChartWhenRunOnANabCheckout() throws Exception {
        // Given the committed NAB subset, when the evaluation runs with JSON and chart outputs
        Path json = dir.resolve("e.json");
        Path chart = dir.resolve("e.png");
        int exit = VigilCommandAccess.run("eval", "nab", "--data", NAB_SUBSET.toString(), "--json", json.toString(),
                "--chart", chart.toString());

        // Then it succeeds and the JSON holds the keys scripts rely on, with scores on NAB's 0..100 scale
        assertEquals(0, exit);
        JsonNode report = new ObjectMapper().readTree(json.toFile());
        for (String profile : new String[] {"standard", "reward_low_FP_rate", "reward_low_FN_rate"}) {
            double score = report.path("scores").path(profile).asDouble(Double.NaN);
            assertTrue(score > -100 && score <= 100, profile + " score " + score);
        }
        assertTrue(report.path("crossValidated").path("standard").isNumber(), report::toString);
        JsonNode counts = report.path("counts");
        assertTrue(counts.path("tp").asInt() + counts.path("fn").asInt() > 0, counts::toString);
        assertEquals(Files.list(NAB_SUBSET.resolve("data")).flatMap(EvalNabCommandTest::csvFiles).count(),
                report.path("perFile").size());
        report.path("perFile").forEach(file -> assertTrue(file.path("detections").isArray(), file::toString));
        assertTrue(Files.size(chart) > 0);
    }

    @Test
    void shouldFailWithAClearMessageWhenTheDirectoryIsNotANabCheckout() {
        // When pointed at an empty directory, then it exits 1 without a stack trace
        assertEquals(1, VigilCommandAccess.run("eval", "nab", "--data", dir.toString()));
    }

    private static java.util.stream.Stream<Path> csvFiles(Path category) {
        try {
            return Files.list(category).filter(p -> p.toString().endsWith(".csv"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}

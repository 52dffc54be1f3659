package io.vigil.app.chaos;

import io.vigil.lab.chaos.*;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

/**
 * Shortened chaos runs for the normal test suite: real child processes on this test's class path (so they run
 * before {@code package} has built the app jar), 20 s of load, a modest rate, and the child logs printed when a
 * run fails, because the build log is all a CI failure leaves behind.
 */
final class ChaosTestRuns {

    static final Duration LOAD = Duration.ofSeconds(20);

    private ChaosTestRuns() {
    }

    static ChaosReport run(ChaosScenario scenario, Path workDir) throws Exception {
        ChaosSettings settings = ChaosSettings.defaults(scenario)
                .withLoad(LOAD, 100, 30)
                .withWorkDir(workDir, false)
                .withChildClasspath(System.getProperty("java.class.path"));
        ChaosReport report = new ChaosRun(settings, System.out).run();
        System.out.println(report.oneLine());
        if (!report.passed()) {
            printLogs(workDir.resolve("logs"));
        }
        return report;
    }

    private static void printLogs(Path logs) {
        try (Stream<Path> files = Files.list(logs)) {
            for (Path file : files.sorted().toList()) {
                List<String> lines = Files.readAllLines(file);
                System.out.println("----- last lines of " + file);
                lines.subList(Math.max(0, lines.size() - 60), lines.size()).forEach(System.out::println);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

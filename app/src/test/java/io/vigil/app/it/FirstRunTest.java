package io.vigil.app.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What a new user sees first: {@code ./vigil demo --duration 30s} in a fresh copy of the repository, its output
 * piped, the way {@code ./vigil demo | cat} or a CI log shows it. The launcher builds the copy (with the local
 * Maven repository, so nothing is downloaded twice), then the demo runs on the embedded cluster.
 *
 * <p>Slow on purpose (a full build of the copy and a 30-second demo, about two to three minutes on 2 cores): it is
 * the one test of the launcher, the console logging and the demo's first screen together, which unit tests of
 * each part cannot catch (escape codes came from Maven, log lines from logback's configuration).
 */
class FirstRunTest {

    /** Local build output and logs are not part of a fresh copy; {@code .git} is not needed to build. */
    private static final Set<String> NOT_COPIED = Set.of("target", "logs", ".git", ".idea", ".vscode");
    /** logback's console pattern: {@code 12:10:53.378 INFO  [main] io.vigil.config.ConfigLoader - ...}. */
    private static final Pattern LOGGER_LINE =
            Pattern.compile("^\\d{2}:\\d{2}:\\d{2}\\.\\d{3} +(TRACE|DEBUG|INFO|WARN|ERROR) +\\[.*] \\S+ - .*");
    private static final Pattern PROGRESS = Pattern.compile(
            "^\\[ *(\\d+)s] history ([\\d,]+) sent, live (?:([\\d,]+) sent \\(.*|starts.*|starting.*)");

    @TempDir
    Path tmp;

    @Test
    void shouldShowACleanFirstScreenWhenTheDemoRunsPipedFromAFreshCopy() throws Exception {
        // Given a fresh copy of this repository, with no build output
        Path repo = repositoryRoot();
        Path copy = tmp.resolve("vigil");
        copyTree(repo, copy);

        // When a new user runs the demo there, its output piped
        Run run = runLauncher(copy, "demo", "--duration", "30s");
        String out = run.stdout();
        String err = run.stderr();
        String shown = "--- stdout ---\n" + out + "\n--- stderr ---\n" + err;

        // Then it succeeds, and its summary says the latency (printed for the reader, not asserted: timing
        // depends on the machine)
        assertEquals(0, run.exit(), shown);
        String latency = out.lines().filter(l -> l.contains("event-to-alert latency")).findFirst().orElse(null);
        assertTrue(latency != null, "the summary has a latency line\n" + shown);
        System.out.println("First run, fresh copy:" + latency);
        out.lines().filter(l -> l.contains("warm-up catch-up")).forEach(l -> System.out.println("First run, fresh copy:" + l));
        assertTrue(out.lines().anyMatch(l -> l.contains("warm-up catch-up")), "the catch-up line\n" + shown);

        // And the build said one honest line on stderr and nothing else from Maven, no escape codes anywhere
        assertTrue(err.startsWith("Building Vigil, about a minute the first time"), shown);
        assertFalse(out.contains("\u001b") || err.contains("\u001b"), "escape codes in piped output\n" + shown);

        // And no log line on stdout, and only warnings or errors (none known) on stderr
        assertTrue(out.lines().noneMatch(l -> LOGGER_LINE.matcher(l).matches()), "log lines on stdout\n" + shown);
        assertTrue(err.lines().filter(l -> LOGGER_LINE.matcher(l).matches())
                .allMatch(l -> l.contains(" WARN ") || l.contains(" ERROR ")), "INFO logs on stderr\n" + shown);

        // And the logs went to the file the demo named once, at INFO, Kafka's included
        assertEquals(1, out.lines().filter(l -> l.contains("logs/vigil-demo.log")).count(), shown);
        String log = Files.readString(copy.resolve("logs/vigil-demo.log"));
        assertTrue(log.contains("Vigil configuration loaded") && log.contains("no bootstrap.servers configured"), log);
        assertTrue(log.contains("INFO  [") && log.contains("org.apache.kafka"), "Kafka's INFO lines in the log file");

        // And the progress counters never went back, and the warm-up's end was announced before the summary
        assertCountersNeverGoBack(out, shown);
        int processed = indexOfLine(out, "Warm-up history processed:");
        assertTrue(processed >= 0 && processed < indexOfLine(out, "=== Vigil demo summary ==="), shown);
    }

    private static void assertCountersNeverGoBack(String out, String shown) {
        long history = 0;
        long live = 0;
        int lines = 0;
        int withLive = 0;
        for (String line : out.lines().toList()) {
            Matcher m = PROGRESS.matcher(line);
            if (!m.matches()) {
                continue;
            }
            lines++;
            long h = number(m.group(2));
            long l = m.group(3) == null ? 0 : number(m.group(3));
            assertTrue(h >= history && l >= live, "a counter went back at: " + line + "\n" + shown);
            withLive += l > 0 ? 1 : 0;
            history = h;
            live = l;
        }
        // A 30 s run prints a progress line a second; most of them during live traffic.
        assertTrue(lines >= 20 && withLive >= 15, lines + " progress lines, " + withLive + " with live traffic\n" + shown);
        assertTrue(history > 0, "the history was counted\n" + shown);
    }

    private static long number(String digits) {
        return Long.parseLong(digits.replace(",", ""));
    }

    private static int indexOfLine(String out, String start) {
        List<String> lines = out.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith(start) || lines.get(i).matches("^\\[ *\\d+s] " + Pattern.quote(start) + ".*")) {
                return i;
            }
        }
        return -1;
    }

    /** The test runs in the app module; the repository is its parent, the one with the launcher. */
    private static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        for (Path d = dir; d != null; d = d.getParent()) {
            if (Files.isRegularFile(d.resolve("vigil")) && Files.isRegularFile(d.resolve("pom.xml"))) {
                return d;
            }
        }
        throw new IllegalStateException("no vigil launcher above " + dir);
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path source : (Iterable<Path>) paths::iterator) {
                Path relative = from.relativize(source);
                if (relative.toString().isEmpty()) {
                    Files.createDirectories(to);
                    continue;
                }
                boolean skipped = false;
                for (Path part : relative) {
                    skipped |= NOT_COPIED.contains(part.toString());
                }
                if (skipped) {
                    continue;
                }
                Path target = to.resolve(relative.toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target);
                }
            }
        }
    }

    private Run runLauncher(Path copy, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(copy.resolve("vigil").toString()));
        command.addAll(List.of(args));
        Path stdout = tmp.resolve("stdout.txt");
        Path stderr = tmp.resolve("stderr.txt");
        ProcessBuilder builder = new ProcessBuilder(command).directory(copy.toFile())
                .redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
        // The copy builds against the Maven repository this build uses, so nothing is downloaded again; the
        // launcher's build lock is per user, so a build of this checkout at the same time is waited for.
        String localRepository = System.getProperty("vigil.test.maven.repository");
        if (localRepository != null && !localRepository.isBlank()) {
            String opts = builder.environment().getOrDefault("MAVEN_OPTS", "");
            builder.environment().put("MAVEN_OPTS", (opts + " -Dmaven.repo.local=" + localRepository).trim());
        }
        builder.environment().remove("VIGIL_JAVA_OPTS");
        Process process = builder.start();
        if (!process.waitFor(8, TimeUnit.MINUTES)) {
            process.descendants().forEach(ProcessHandle::destroy);
            process.destroy();
            process.waitFor(30, TimeUnit.SECONDS);
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            fail("./vigil demo did not end within 8 minutes\n" + Files.readString(stdout) + Files.readString(stderr));
        }
        return new Run(process.exitValue(), Files.readString(stdout, StandardCharsets.UTF_8),
                Files.readString(stderr, StandardCharsets.UTF_8));
    }

    private record Run(int exit, String stdout, String stderr) {
    }
}

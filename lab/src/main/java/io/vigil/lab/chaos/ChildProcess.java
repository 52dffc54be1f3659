package io.vigil.lab.chaos;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * A Vigil command running as a separate JVM, which the chaos harness can kill with SIGKILL, pause with SIGSTOP,
 * resume with SIGCONT or stop with SIGTERM, exactly as an operating system or an orchestrator would.
 *
 * <p>Its combined stdout and stderr go to a log file line by line (so a failed run can be read afterwards) and
 * are kept in memory, so callers can wait for a line ("ready", "-> RUNNING") and react to lines as they come.
 */
final class ChildProcess {

    private final String name;
    private final Process process;
    private final Thread pump;
    private final List<String> lines = new ArrayList<>();
    private final Object lock = new Object();

    private ChildProcess(String name, Process process, Path logFile, Consumer<String> onLine) throws IOException {
        this.name = name;
        this.process = process;
        PrintWriter log = new PrintWriter(Files.newBufferedWriter(logFile, StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND), true);
        log.println("=== " + name + " pid " + process.pid() + " started " + Instant.now());
        this.pump = new Thread(() -> pump(log, onLine), "chaos-" + name + "-output");
        pump.setDaemon(true);
        pump.start();
    }

    /**
     * Starts {@code command} with {@code environment} added to this process's, its output appended to
     * {@code logFile}; {@code onLine} sees every output line on the pumping thread.
     */
    static ChildProcess start(String name, List<String> command, Map<String, String> environment, Path logFile,
                              Consumer<String> onLine) {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(environment);
        try {
            return new ChildProcess(name, builder.start(), logFile, onLine);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start " + name + ": " + String.join(" ", command), e);
        }
    }

    private void pump(PrintWriter log, Consumer<String> onLine) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8)); log) {
            String line;
            while ((line = reader.readLine()) != null) {
                log.println(line);
                synchronized (lock) {
                    lines.add(line);
                    lock.notifyAll();
                }
                onLine.accept(line);
            }
        } catch (IOException e) {
            // The process died and took its pipe with it: nothing more to read.
        } finally {
            synchronized (lock) {
                lock.notifyAll();
            }
        }
    }

    String name() {
        return name;
    }

    long pid() {
        return process.pid();
    }

    boolean alive() {
        return process.isAlive();
    }

    /** The exit code, or empty while the process runs. */
    OptionalInt exitCode() {
        return process.isAlive() ? OptionalInt.empty() : OptionalInt.of(process.exitValue());
    }

    /**
     * Waits until an output line from index {@code fromLine} on matches, the process exits, or the timeout passes.
     *
     * @return whether a line matched
     */
    boolean awaitLine(int fromLine, Predicate<String> matches, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        int next = fromLine;
        synchronized (lock) {
            while (true) {
                for (; next < lines.size(); next++) {
                    if (matches.test(lines.get(next))) {
                        return true;
                    }
                }
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0 || (!process.isAlive() && !pump.isAlive())) {
                    return false;
                }
                lock.wait(Math.min(left, 500));
            }
        }
    }

    /** Output lines so far: a mark for {@link #awaitLine}. */
    int lineCount() {
        synchronized (lock) {
            return lines.size();
        }
    }

    /** The last {@code n} output lines, for error messages. */
    List<String> tail(int n) {
        synchronized (lock) {
            return List.copyOf(lines.subList(Math.max(0, lines.size() - n), lines.size()));
        }
    }

    /** SIGKILL: no shutdown hook, no flush, no goodbye; waits until the process is gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /** SIGTERM, then SIGKILL if it has not exited within {@code grace}; returns whether it exited by itself. */
    boolean terminate(Duration grace) throws InterruptedException {
        if (!process.isAlive()) {
            return true;
        }
        process.destroy();
        if (process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
            return true;
        }
        kill();
        return false;
    }

    /** SIGSTOP: the process freezes, every thread of it, heartbeats included. */
    void pause() throws InterruptedException {
        signal("STOP");
    }

    /** SIGCONT: a paused process runs on as if nothing happened, which is what makes it a zombie. */
    void resume() throws InterruptedException {
        signal("CONT");
    }

    private void signal(String signal) throws InterruptedException {
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid()))
                    .redirectErrorStream(true).start();
            if (kill.waitFor() != 0) {
                throw new IllegalStateException("kill -" + signal + " " + process.pid() + " failed: "
                        + new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot send SIG" + signal + " to " + name, e);
        }
    }
}

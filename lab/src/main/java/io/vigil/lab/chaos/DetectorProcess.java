package io.vigil.lab.chaos;

import io.vigil.config.Directories;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One {@code vigil detect} instance as a child process, with the state directory it keeps across restarts.
 *
 * <p>Remembers whether it is meant to be down (killed or stopped by the harness), so that an exit nobody asked
 * for can be told apart, and counts the records it restored from changelogs, as its output reports them.
 */
final class DetectorProcess {

    private static final Pattern RESTORED = Pattern.compile("restored (\\d+) records");

    private final String instanceId;
    private final VigilLauncher launcher;
    private final List<String> args;
    private final Path stateDir;
    private final Path logFile;
    private final String applicationId;
    private final AtomicLong restoredRecords = new AtomicLong();
    private final List<Integer> unexpectedExitCodes = new ArrayList<>();
    /** Per start: when it began and when its first "-> RUNNING" line came (0 until then), in nanoTime. */
    private final List<long[]> startTimes = new CopyOnWriteArrayList<>();
    private ChildProcess process;
    private boolean meantToRun;
    private int starts;

    /**
     * @param stateRoot the {@code --state-dir} given to the instance; its own state is {@code stateRoot/instanceId}
     */
    DetectorProcess(String instanceId, VigilLauncher launcher, List<String> args, Path stateRoot, Path logFile,
                    String applicationId) {
        this.instanceId = instanceId;
        this.launcher = launcher;
        this.args = List.copyOf(args);
        this.stateDir = stateRoot.resolve(instanceId);
        this.logFile = logFile;
        this.applicationId = applicationId;
    }

    String instanceId() {
        return instanceId;
    }

    /**
     * Starts the process without waiting; {@link #awaitRunning} waits for it to join and process.
     *
     * @return the number of this start, for {@link #secondsToRunning(int)}
     */
    int start() {
        long[] times = {System.nanoTime(), 0};
        startTimes.add(times);
        process = launcher.start(instanceId, args, Map.of(), logFile, line -> onLine(line, times));
        meantToRun = true;
        return starts++;
    }

    /** Seconds from start number {@code start} to its first RUNNING, or -1 if it never got there. */
    double secondsToRunning(int start) {
        long[] times = startTimes.get(start);
        return times[1] == 0 ? -1 : (times[1] - times[0]) / 1e9;
    }

    /** Waits for this start's first "-> RUNNING" line; throws with the last output if it never comes. */
    void awaitRunning(Duration timeout) throws InterruptedException {
        if (!process.awaitLine(0, line -> line.contains("-> RUNNING"), timeout)) {
            throw new IllegalStateException("Instance " + instanceId + " did not reach RUNNING within " + timeout
                    + (process.alive() ? "" : " (exited " + process.exitCode().orElse(-1) + ")")
                    + "; log " + logFile + "; last output: " + String.join(" | ", process.tail(10)));
        }
    }

    private void onLine(String line, long[] times) {
        if (times[1] == 0 && line.contains("-> RUNNING")) {
            times[1] = System.nanoTime();
        }
        Matcher m = RESTORED.matcher(line);
        if (m.find()) {
            restoredRecords.addAndGet(Long.parseLong(m.group(1)));
        }
    }

    void kill() throws InterruptedException {
        meantToRun = false;
        process.kill();
    }

    /** SIGTERM: the instance commits, leaves the group and exits; returns whether it did so within the grace. */
    boolean stop(Duration grace) throws InterruptedException {
        meantToRun = false;
        return process.terminate(grace);
    }

    void pause() throws InterruptedException {
        process.pause();
    }

    void resume() throws InterruptedException {
        process.resume();
    }

    boolean alive() {
        return process != null && process.alive();
    }

    /**
     * If the process exited although it was meant to run, records its exit code and starts it again, as a
     * supervisor would; returns whether it did.
     */
    boolean restartIfDied() {
        if (meantToRun && process != null && !process.alive()) {
            unexpectedExitCodes.add(process.exitCode().orElse(-1));
            start();
            return true;
        }
        return false;
    }

    /** Deletes the instance's state directory (it must be down). */
    void deleteState() {
        if (alive()) {
            throw new IllegalStateException("Instance " + instanceId + " is running; its state cannot be deleted");
        }
        Directories.deleteRecursively(stateDir);
    }

    /**
     * The prefix of this instance's transactional ids under exactly-once v2 ({@code <application.id>-<process
     * id>-}), read from the process id Kafka Streams keeps in the state directory; empty before the first start.
     */
    Optional<String> transactionalIdPrefix() {
        Path metadata = stateDir.resolve(applicationId).resolve("kafka-streams-process-metadata");
        if (!Files.isRegularFile(metadata)) {
            return Optional.empty();
        }
        try {
            Matcher m = Pattern.compile("\"processId\"\\s*:\\s*\"([0-9a-f-]+)\"").matcher(Files.readString(metadata));
            return m.find() ? Optional.of(applicationId + "-" + m.group(1) + "-") : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + metadata, e);
        }
    }

    long restoredRecords() {
        return restoredRecords.get();
    }

    List<Integer> unexpectedExitCodes() {
        return List.copyOf(unexpectedExitCodes);
    }

    int starts() {
        return starts;
    }

    Path logFile() {
        return logFile;
    }
}

package io.vigil.lab.chaos;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The Kafka broker as a {@code vigil broker} child process with a fixed port and data directory, so it can be
 * killed with SIGKILL and started again on the same log, the way a broker machine loses power and comes back.
 */
final class BrokerProcess {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);

    private final VigilLauncher launcher;
    private final int port;
    private final Path dataDir;
    private final Path logFile;
    private final int partitions;
    private ChildProcess process;

    BrokerProcess(VigilLauncher launcher, int port, Path dataDir, Path logFile, int partitions) {
        this.launcher = launcher;
        this.port = port;
        this.dataDir = dataDir;
        this.logFile = logFile;
        this.partitions = partitions;
    }

    String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /** Starts the broker and waits until it accepts clients. */
    void start() throws InterruptedException {
        process = launcher.start("broker", List.of("broker", "--port", Integer.toString(port), "--dir",
                dataDir.toString(), "--partitions", Integer.toString(partitions)), Map.of(), logFile, line -> { });
        if (!process.awaitLine(0, line -> line.contains("broker (KRaft) ready"), READY_TIMEOUT)) {
            List<String> tail = process.tail(20);
            process.kill();
            throw new IllegalStateException("The broker did not become ready within " + READY_TIMEOUT
                    + " (log " + logFile + "); last output: " + String.join(" | ", tail));
        }
    }

    void kill() throws InterruptedException {
        if (process != null) {
            process.kill();
        }
    }

    /** SIGTERM, waiting for a clean shutdown; SIGKILL if it takes longer than a minute. */
    void stop() throws InterruptedException {
        if (process != null) {
            process.terminate(Duration.ofSeconds(60));
        }
    }

    boolean alive() {
        return process != null && process.alive();
    }
}

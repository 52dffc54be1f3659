package io.vigil.lab.chaos;

import io.vigil.config.VigilConfig;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The {@code vigil detect} instances of a chaos run: started with the run's settings, added and stopped while
 * load flows (scale-out-in), supervised (an instance that exits on its own is restarted, as an orchestrator
 * would) and stopped at the end.
 */
final class DetectorFleet {

    private static final Duration RUNNING_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration STOP_GRACE = Duration.ofSeconds(60);
    /**
     * The zombie scenario's transaction timeout: longer than Kafka Streams' 10 s default, so that a freeze can
     * outlast the session timeout while the zombie's transaction is still open.
     */
    static final Duration ZOMBIE_TRANSACTION_TIMEOUT = Duration.ofSeconds(15);
    /**
     * The transaction timeout on three brokers: a transaction open when its coordinator or a partition leader dies
     * must outlive the failover (the controller notices a dead broker after broker.session.timeout.ms, 9 s, and
     * then elects new leaders). With Kafka Streams' 10 s default the coordinator aborts it meanwhile, and a commit
     * racing that abort gets INVALID_TXN_STATE, which the producer treats as fatal (KAFKA-20785): the instance dies.
     */
    static final Duration REPLICATED_TRANSACTION_TIMEOUT = Duration.ofSeconds(30);

    private final ChaosSettings settings;
    private final VigilConfig config;
    private final VigilLauncher launcher;
    private final WorkDir work;
    private final RunClock clock;
    private final Path detectConfig;
    private final List<DetectorProcess> detectors = Collections.synchronizedList(new ArrayList<>());

    DetectorFleet(ChaosSettings settings, VigilConfig config, VigilLauncher launcher, WorkDir work, RunClock clock) {
        this.settings = settings;
        this.config = config;
        this.launcher = launcher;
        this.work = work;
        this.clock = clock;
        this.detectConfig = writeDetectConfig();
    }

    /** Starts {@code count} more instances (named on from the last) and waits until each is RUNNING. */
    List<DetectorProcess> add(int count) throws InterruptedException {
        List<DetectorProcess> added = launch(count);
        for (DetectorProcess detector : added) {
            detector.awaitRunning(RUNNING_TIMEOUT);
        }
        return added;
    }

    /**
     * Starts {@code count} more instances without waiting for them: under load they join while the others go on,
     * and each one's {@link DetectorProcess#secondsToRunning(int)} (start 0) says later when it got there.
     */
    List<DetectorProcess> launch(int count) {
        List<DetectorProcess> added = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String id = "instance-" + (detectors.size() + 1);
            List<String> args = List.of("detect",
                    "--bootstrap-servers", config.kafka().bootstrapServers().orElseThrow(),
                    "--schema-registry-url", config.kafka().schemaRegistryUrl().orElseThrow(),
                    "--state-dir", work.stateRoot().toString(),
                    "--instance-id", id,
                    "--processing-guarantee", settings.guarantee().kafkaValue(),
                    "--commit-interval", settings.commitInterval().toMillis() + "ms",
                    "--config", detectConfig.toString());
            DetectorProcess detector = new DetectorProcess(id, launcher, args, work.stateRoot(), work.log(id),
                    config.streams().applicationId());
            detectors.add(detector);
            added.add(detector);
        }
        added.forEach(DetectorProcess::start);
        return added;
    }

    /** Every instance ever started, in start order (stopped ones included). */
    List<DetectorProcess> all() {
        synchronized (detectors) {
            return List.copyOf(detectors);
        }
    }

    DetectorProcess get(int index) {
        return detectors.get(index);
    }

    int size() {
        return detectors.size();
    }

    long alive() {
        return all().stream().filter(DetectorProcess::alive).count();
    }

    /**
     * SIGTERMs {@code which} in parallel and waits: each commits, closes and leaves the group (vigil detect's
     * shutdown hook), so its partitions move at once. Returns the ids that had to be killed after the grace.
     */
    List<String> stop(List<DetectorProcess> which) throws InterruptedException {
        List<Thread> stoppers = new ArrayList<>();
        List<String> unclean = Collections.synchronizedList(new ArrayList<>());
        for (DetectorProcess detector : which) {
            Thread t = new Thread(() -> {
                try {
                    if (!detector.stop(STOP_GRACE)) {
                        unclean.add(detector.instanceId());
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "chaos-stop-" + detector.instanceId());
            t.start();
            stoppers.add(t);
        }
        for (Thread t : stoppers) {
            t.join();
        }
        return List.copyOf(unclean);
    }

    /** Stops every instance still running. */
    void stopAll() throws InterruptedException {
        List<String> unclean = stop(all());
        clock.progress("instances stopped (SIGTERM)%s", unclean.isEmpty() ? "" : "; killed after "
                + STOP_GRACE.toSeconds() + " s: " + unclean);
    }

    /** Restarts any instance that died although it was meant to run. */
    void supervise() {
        for (DetectorProcess detector : all()) {
            if (detector.restartIfDied()) {
                clock.progress("%s exited on its own (exit code %s); restarted it", detector.instanceId(),
                        detector.unexpectedExitCodes().get(detector.unexpectedExitCodes().size() - 1));
            }
        }
    }

    List<ChaosReport.InstanceStats> stats() {
        return all().stream().map(d -> new ChaosReport.InstanceStats(d.instanceId(), d.starts(),
                d.unexpectedExitCodes(), d.restoredRecords())).toList();
    }

    /**
     * Kafka settings of the instances: a short session timeout, so that a killed or frozen instance loses its
     * partitions in seconds, and a poll interval (the classic protocol's rebalance timeout) that bounds how long
     * a rebalance waits for a member that will never answer. On three brokers: Vigil's topics and the
     * instances' internal ones at replication factor 3, one standby replica of every task's state, so a task
     * that moves finds its state (almost) ready on the instance that takes it over, and a transaction timeout
     * that outlives a broker failover ({@link #REPLICATED_TRANSACTION_TIMEOUT}).
     */
    private Path writeDetectConfig() {
        long session = settings.sessionTimeout().toMillis();
        StringBuilder p = new StringBuilder("# Written by vigil chaos for its detect instances\n");
        if (ChaosSettings.STREAMS.equals(settings.groupProtocol())) {
            // KIP-1071: the session timeout, heartbeat interval and standbys are the group's, set on the broker
            // side (see ChaosRun), not the client's.
            p.append("group.protocol=streams\n");
        } else {
            p.append("session.timeout.ms=").append(session).append('\n');
            p.append("heartbeat.interval.ms=").append(Math.max(500, session / 4)).append('\n');
        }
        p.append("max.poll.interval.ms=").append(Math.max(30_000, 3 * settings.commitInterval().toMillis()))
                .append('\n');
        if (settings.scenario() == ChaosScenario.ZOMBIE) {
            p.append("transaction.timeout.ms=").append(ZOMBIE_TRANSACTION_TIMEOUT.toMillis()).append('\n');
        } else if (settings.brokers() >= 3) {
            p.append("transaction.timeout.ms=").append(REPLICATED_TRANSACTION_TIMEOUT.toMillis()).append('\n');
        }
        if (settings.brokers() >= 3) {
            p.append("vigil.topic.replication.factor=3\n");
            p.append("num.standby.replicas=1\n");
        }
        Path file = work.root().resolve("detect.properties");
        try {
            Files.writeString(file, p.toString());
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file, e);
        }
    }
}

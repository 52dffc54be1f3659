package io.vigil.lab.chaos;

import io.vigil.config.ProcessingGuarantee;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One chaos run's parameters.
 *
 * @param loadDuration          how long live load flows; the faults are placed at fixed fractions of it
 * @param transactionsPerSecond live card-transaction rate (telemetry comes on top: {@code devices * 4 / 5 s})
 * @param devices               devices reporting telemetry
 * @param commitInterval        the instances' commit interval: long enough that a kill lands inside an open
 *                              transaction
 * @param sessionTimeout        the instances' consumer session timeout: how long a dead or frozen instance keeps
 *                              its partitions (6 s is the broker's minimum)
 * @param instances             stream instances, each its own process
 * @param workDir               where broker data, state and logs go; empty for a temporary directory
 * @param childClasspath        class path of the child JVMs; empty for this JVM's
 * @param childJvmOptions       JVM options of the child processes (heap size, GC)
 * @param brokers               Kafka nodes, each its own process: 1, or 3 for a replicated cluster (Vigil's
 *                              topics and the internal ones at replication factor 3, min.insync.replicas 2,
 *                              one standby replica per task)
 * @param groupProtocol         the instances' {@code group.protocol}: {@code classic}, or {@code streams} (the
 *                              KIP-1071 rebalance protocol, only with {@link ChaosScenario#SCALE_OUT_IN})
 */
public record ChaosSettings(ChaosScenario scenario, ProcessingGuarantee guarantee, Duration loadDuration,
                            double transactionsPerSecond, int devices, Duration commitInterval,
                            Duration sessionTimeout, long seed, int instances, Optional<Path> workDir,
                            boolean keepWorkDir, Optional<String> childClasspath, List<String> childJvmOptions,
                            int brokers, String groupProtocol) {

    public static final String CLASSIC = "classic";
    public static final String STREAMS = "streams";

    public static final List<String> DEFAULT_CHILD_JVM_OPTIONS =
            List.of("-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-XX:-UsePerfData");

    public ChaosSettings {
        Objects.requireNonNull(scenario, "scenario");
        Objects.requireNonNull(guarantee, "guarantee");
        Objects.requireNonNull(workDir, "workDir");
        Objects.requireNonNull(childClasspath, "childClasspath");
        childJvmOptions = List.copyOf(childJvmOptions);
        require(loadDuration.toSeconds() >= 10, "the load must run at least 10 s, got " + loadDuration);
        require(transactionsPerSecond > 0, "the transaction rate must be > 0, got " + transactionsPerSecond);
        require(devices >= 1, "at least one device is needed, got " + devices);
        require(!commitInterval.isNegative() && !commitInterval.isZero(), "the commit interval must be > 0");
        require(sessionTimeout.toMillis() >= 6_000, "the session timeout must be at least 6 s (the broker's minimum)");
        require(instances >= 2, "at least 2 instances are needed, so that one can take over from another");
        require(brokers == 1 || brokers == 3, "--brokers must be 1 or 3, got " + brokers);
        require(brokers >= scenario.minBrokers(), "scenario " + scenario.id() + " needs --brokers "
                + scenario.minBrokers() + ": with one broker there is no other to take over");
        require(CLASSIC.equals(groupProtocol) || STREAMS.equals(groupProtocol),
                "the group protocol must be classic or streams, got " + groupProtocol);
        // The other scenarios time their faults against a 6 s client-side session timeout; the streams protocol
        // takes the session timeout from the group's broker-side configuration (45 s at least) instead.
        require(CLASSIC.equals(groupProtocol) || scenario == ChaosScenario.SCALE_OUT_IN,
                "--group-protocol streams runs with scenario scale-out-in only");
    }

    /** Defaults for {@code scenario}: 3 instances, 60 s of load at 200 transactions/s and 100 devices. */
    public static ChaosSettings defaults(ChaosScenario scenario) {
        return new ChaosSettings(scenario, ProcessingGuarantee.EXACTLY_ONCE_V2, Duration.ofSeconds(60), 200, 100,
                Duration.ofSeconds(3), Duration.ofSeconds(6), 42, 3, Optional.empty(), false, Optional.empty(),
                DEFAULT_CHILD_JVM_OPTIONS, scenario.minBrokers(), CLASSIC);
    }

    public ChaosSettings withGuarantee(ProcessingGuarantee newGuarantee) {
        return new ChaosSettings(scenario, newGuarantee, loadDuration, transactionsPerSecond, devices, commitInterval,
                sessionTimeout, seed, instances, workDir, keepWorkDir, childClasspath, childJvmOptions,
                brokers, groupProtocol);
    }

    public ChaosSettings withLoad(Duration newDuration, double newTransactionsPerSecond, int newDevices) {
        return new ChaosSettings(scenario, guarantee, newDuration, newTransactionsPerSecond, newDevices,
                commitInterval, sessionTimeout, seed, instances, workDir, keepWorkDir, childClasspath, childJvmOptions,
                brokers, groupProtocol);
    }

    public ChaosSettings withCommitInterval(Duration newInterval) {
        return new ChaosSettings(scenario, guarantee, loadDuration, transactionsPerSecond, devices, newInterval,
                sessionTimeout, seed, instances, workDir, keepWorkDir, childClasspath, childJvmOptions,
                brokers, groupProtocol);
    }

    public ChaosSettings withSeed(long newSeed) {
        return new ChaosSettings(scenario, guarantee, loadDuration, transactionsPerSecond, devices, commitInterval,
                sessionTimeout, newSeed, instances, workDir, keepWorkDir, childClasspath, childJvmOptions,
                brokers, groupProtocol);
    }

    public ChaosSettings withWorkDir(Path dir, boolean keep) {
        return new ChaosSettings(scenario, guarantee, loadDuration, transactionsPerSecond, devices, commitInterval,
                sessionTimeout, seed, instances, Optional.ofNullable(dir), keep, childClasspath, childJvmOptions,
                brokers, groupProtocol);
    }

    public ChaosSettings withChildClasspath(String classpath) {
        return new ChaosSettings(scenario, guarantee, loadDuration, transactionsPerSecond, devices, commitInterval,
                sessionTimeout, seed, instances, workDir, keepWorkDir, Optional.ofNullable(classpath), childJvmOptions,
                brokers, groupProtocol);
    }

    public ChaosSettings withBrokers(int newBrokers) {
        return new ChaosSettings(scenario, guarantee, loadDuration, transactionsPerSecond, devices, commitInterval,
                sessionTimeout, seed, instances, workDir, keepWorkDir, childClasspath, childJvmOptions, newBrokers,
                groupProtocol);
    }

    public ChaosSettings withGroupProtocol(String newProtocol) {
        return new ChaosSettings(scenario, guarantee, loadDuration, transactionsPerSecond, devices, commitInterval,
                sessionTimeout, seed, instances, workDir, keepWorkDir, childClasspath, childJvmOptions, brokers,
                newProtocol);
    }

    /** Instances running when the load starts: scale-out-in starts with two and adds two. */
    public int initialInstances() {
        return scenario == ChaosScenario.SCALE_OUT_IN ? 2 : instances;
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}

package io.vigil.app;

import io.vigil.config.ProcessingGuarantee;
import io.vigil.lab.chaos.ChaosReport;
import io.vigil.lab.chaos.ChaosRun;
import io.vigil.lab.chaos.ChaosScenario;
import io.vigil.lab.chaos.ChaosSettings;
import io.vigil.runtime.ActionableException;

import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Iterator;
import java.util.concurrent.Callable;

/**
 * {@code vigil chaos}: proves exactly-once under one kind of fault, end to end with real processes, and says
 * PASS or FAIL.
 */
@Command(name = "chaos",
        mixinStandardHelpOptions = true,
        description = {
                "Runs a Kafka broker ('vigil broker'; --brokers 3: a three-node cluster, one process per node) "
                        + "and 3 detect instances ('vigil detect') as separate processes, drives card and telemetry load from the generator, injects one fault, lets "
                        + "everything drain, stops the instances and verifies with read_committed reads: no hanging "
                        + "transaction, no duplicate alert, the committed alerts equal to an offline replay of the "
                        + "input through the same detectors (the oracle), every bad record in the DLQ exactly once, "
                        + "the consumer group empty.",
                "Scenarios: crash-rotation (kill -9 each instance in turn inside an open transaction, restart it "
                        + "on its state), zombie (SIGSTOP an instance past its session timeout, then SIGCONT; twice, "
                        + "within and past the transaction timeout), poison (bad records of 10 kinds, oversized "
                        + "ones among them, mixed into the input), broker-restart (kill -9 the broker, restart it "
                        + "on the same log and port), state-loss (kill -9 an instance, delete its state, restart it); "
                        + "on --brokers 3 also broker-bounce (kill -9 the broker leading the most input partitions, "
                        + "restart it later), rolling-restart (restart each broker in turn, waiting for all replicas "
                        + "to be in sync in between) and scale-out-in (2 instances, 2 more added under load, then 3 "
                        + "stopped; also on one broker).",
                "Prints progress, then one verdict line. Exits 0 on PASS, 1 on FAIL."
        })
final class ChaosCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--scenario", required = true, paramLabel = "NAME", converter = ScenarioConverter.class,
            completionCandidates = ScenarioNames.class,
            description = "crash-rotation, zombie, poison, broker-restart, state-loss, broker-bounce, "
                    + "rolling-restart or scale-out-in.")
    private ChaosScenario scenario;

    @Option(names = "--brokers", paramLabel = "N",
            description = "Kafka nodes: 1, or 3 for a replicated cluster (topics at replication factor 3, "
                    + "min.insync.replicas 2, one standby replica per task). Default: 3 for broker-bounce and "
                    + "rolling-restart (which need them), 1 otherwise.")
    private Integer brokers;

    @Option(names = "--group-protocol", paramLabel = "PROTOCOL", defaultValue = "classic",
            description = "The instances' rebalance protocol: classic, or streams (KIP-1071; scale-out-in only, "
                    + "see docs/replicated-cluster.md) (default: ${DEFAULT-VALUE}).")
    private String groupProtocol;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the full report as JSON to FILE.")
    private Path json;

    @Option(names = "--processing-guarantee", paramLabel = "GUARANTEE", defaultValue = "exactly_once_v2",
            description = "exactly_once_v2 or at_least_once, for the instances (default: ${DEFAULT-VALUE}). "
                    + "at_least_once is there for contrast: it promises nothing under faults, and a zombie "
                    + "typically makes it FAIL with duplicate alerts.")
    private ProcessingGuarantee processingGuarantee;

    @Option(names = "--duration", paramLabel = "DURATION", defaultValue = "60s", converter = DurationConverter.class,
            description = "How long live load flows; the faults happen at fixed fractions of it "
                    + "(default: ${DEFAULT-VALUE}, at least 10s).")
    private Duration duration;

    @Option(names = "--rate", paramLabel = "TX_PER_SEC", defaultValue = "200",
            description = "Card transactions per second (default: ${DEFAULT-VALUE}).")
    private double rate;

    @Option(names = "--devices", paramLabel = "N", defaultValue = "100",
            description = "Devices sending 4 readings every 5 s each (default: ${DEFAULT-VALUE}).")
    private int devices;

    @Option(names = "--commit-interval", paramLabel = "DURATION", defaultValue = "3s",
            converter = DurationConverter.class,
            description = "Commit interval of the instances: long enough that a kill lands inside an open "
                    + "transaction (default: ${DEFAULT-VALUE}).")
    private Duration commitInterval;

    @Option(names = "--seed", defaultValue = "42", description = "Load generator seed (default: ${DEFAULT-VALUE}).")
    private long seed;

    @Option(names = "--work-dir", paramLabel = "DIR",
            description = "Where broker data, instance state and process logs go (default: a temporary directory).")
    private Path workDir;

    @Option(names = "--keep-work-dir", description = "Keep the work directory afterwards (default: delete it, "
            + "keeping only the process logs of a failed run).")
    private boolean keepWorkDir;

    @Override
    public Integer call() throws Exception {
        ChaosSettings settings;
        try {
            settings = ChaosSettings.defaults(scenario)
                    .withGuarantee(processingGuarantee)
                    .withLoad(duration, rate, devices)
                    .withCommitInterval(commitInterval)
                    .withSeed(seed)
                    .withWorkDir(workDir, keepWorkDir)
                    .withBrokers(brokers == null ? scenario.minBrokers() : brokers)
                    .withGroupProtocol(groupProtocol);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        PrintStream out = System.out;
        out.printf("vigil chaos %s (%s): %d broker(s), %d instances, %d s of load at %.0f transactions/s and %d "
                        + "devices%n", scenario.id(), processingGuarantee.kafkaValue(), settings.brokers(),
                settings.initialInstances(), duration.toSeconds(), rate, devices);
        ChaosReport report;
        try {
            report = new ChaosRun(settings, out).run();
        } catch (IllegalStateException e) {
            // A process that would not start, a cluster that would not answer: the run could not be judged.
            throw new ActionableException("chaos " + scenario.id() + " could not run: " + e.getMessage(), e);
        }
        if (json != null) {
            report.writeJson(json);
            out.println("Report written to " + json);
        }
        out.println(report.oneLine());
        return report.passed() ? 0 : 1;
    }

    /** Scenario names as the command line spells them. */
    static final class ScenarioConverter implements ITypeConverter<ChaosScenario> {
        @Override
        public ChaosScenario convert(String value) {
            try {
                return ChaosScenario.of(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    /** For help and shell completion. */
    static final class ScenarioNames implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return Arrays.stream(ChaosScenario.values()).map(ChaosScenario::id).iterator();
        }
    }
}

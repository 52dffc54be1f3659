package io.vigil.app;

import io.vigil.config.HumanFormat;
import io.vigil.lab.bench.BenchReport;
import io.vigil.lab.bench.BenchRun;
import io.vigil.lab.bench.BenchSettings;
import io.vigil.lab.Environments;
import io.vigil.runtime.KafkaEnvironment;
import io.vigil.config.VigilConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code vigil bench}: Vigil's performance, measured side by side on one broker in one run, so that the ratios
 * between stages mean something even on a shared machine where absolute numbers are noise.
 */
@Command(name = "bench",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
                "Measures, in one run on one broker (embedded unless --bootstrap-servers is given), with the same "
                        + "Avro records, partitions and stream threads:",
                "  1. producer ceiling: the pre-serialized backlog sent at full speed;",
                "  2. a Kafka Streams pass-through (byte arrays, exactly_once_v2) draining the backlog;",
                "  3. full fraud detection (the real transaction topology), exactly_once_v2, draining the same backlog;",
                "  4. the same under at_least_once;",
                "  5. latency: open-loop load at a share (--latency-load) of rate 3 for --latency-duration, event time "
                        + "to alert visible to a read_committed consumer, p50/p99/p99.9;",
                "  6. memory: peak heap, and bytes of detector state per card from the store.",
                "Each drain runs with a fresh application.id and state directory and is timed from the first record "
                        + "processed to consumer-group lag 0. Prints progress, then a table with the ratios and targets.",
                "Stream settings (commit interval, state store, cache) come from the configuration as for "
                        + "'vigil demo'; KAFKA_* variables override client settings."
        })
final class BenchCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private ConfigOptions configOptions;

    @Option(names = "--events", defaultValue = "1000000", paramLabel = "N",
            description = "Backlog size every throughput stage drains (default: ${DEFAULT-VALUE}).")
    private int events;

    @Option(names = "--repeat", defaultValue = "1", paramLabel = "K",
            description = "Run every stage K times and report the median (default: ${DEFAULT-VALUE}).")
    private int repeat;

    @Option(names = "--threads", defaultValue = "2", paramLabel = "N",
            description = "Stream threads of every Kafka Streams stage (default: ${DEFAULT-VALUE}).")
    private int threads;

    @Option(names = "--cards", defaultValue = "100000", paramLabel = "N",
            description = "Cards carrying the backlog's normal traffic (default: ${DEFAULT-VALUE}).")
    private int cards;

    @Option(names = "--scenario-rate", defaultValue = "2000", paramLabel = "EVENTS_PER_SEC",
            description = "The backlog's event-time rate: with --cards it sets how many transactions each card's "
                    + "windows hold; the stages drain it as fast as they can (default: ${DEFAULT-VALUE}).")
    private double scenarioRate;

    @Option(names = "--injections-per-minute", defaultValue = "30", paramLabel = "N",
            description = "Fraud injections per minute of event time, per pattern, in the backlog "
                    + "(default: ${DEFAULT-VALUE}).")
    private double injectionsPerMinute;

    @Option(names = "--latency-duration", defaultValue = "30s", paramLabel = "DURATION",
            converter = DurationConverter.class,
            description = "How long the latency stage sends load (default: ${DEFAULT-VALUE}).")
    private Duration latencyDuration;

    @Option(names = "--latency-load", defaultValue = "0.5", paramLabel = "SHARE",
            description = "The latency stage's rate as a share of the measured full-detection exactly-once rate "
                    + "(default: ${DEFAULT-VALUE}).")
    private double latencyLoad;

    @Option(names = "--latency-injections-per-minute", defaultValue = "600", paramLabel = "N",
            description = "Fraud injections per minute, per pattern, during the latency stage: the alerts that are "
                    + "timed (default: ${DEFAULT-VALUE}).")
    private double latencyInjectionsPerMinute;

    @Option(names = "--seed", defaultValue = "42", paramLabel = "N",
            description = "Generator seed (default: ${DEFAULT-VALUE}).")
    private long seed;

    @Option(names = "--stage-timeout", defaultValue = "5m", paramLabel = "DURATION",
            converter = DurationConverter.class,
            description = "How long one drain may take before the run fails (default: ${DEFAULT-VALUE}).")
    private Duration stageTimeout;

    @Option(names = "--json", paramLabel = "FILE", description = "Write the results and the settings as JSON to FILE.")
    private Path json;

    @Option(names = "--chart", paramLabel = "FILE.png",
            description = "Draw throughput per stage and the latency distribution into a PNG.")
    private Path chart;

    @Override
    public Integer call() throws Exception {
        VigilConfig config = configOptions.load(Map.of());
        validate(config);
        PrintStream out = System.out;
        BenchSettings settings = new BenchSettings(events, repeat, threads, cards, scenarioRate, injectionsPerMinute,
                latencyDuration, latencyLoad, latencyInjectionsPerMinute, seed, stageTimeout);
        try (KafkaEnvironment env = Environments.start(config, 0, 0, out)) {
            BenchReport report = new BenchRun(env, settings, out).run();
            report.printTable(out);
            if (json != null) {
                report.writeJson(json);
                out.println("Results written to " + json);
            }
            if (chart != null) {
                report.writeChart(chart);
                out.println("Chart written to " + chart);
            }
        }
        return 0;
    }

    private void validate(VigilConfig config) {
        if (events < 1000) {
            throw new ParameterException(spec.commandLine(), "--events must be at least 1000, got " + events);
        }
        try {
            BenchRun.checkHeap(events);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        if (repeat < 1 || repeat > 20) {
            throw new ParameterException(spec.commandLine(), "--repeat must be between 1 and 20, got " + repeat);
        }
        if (threads < 1 || threads > 64) {
            throw new ParameterException(spec.commandLine(), "--threads must be between 1 and 64, got " + threads);
        }
        if (cards < 100) {
            throw new ParameterException(spec.commandLine(), "--cards must be at least 100, got " + cards);
        }
        if (!(scenarioRate > 0) || Double.isInfinite(scenarioRate)) {
            throw new ParameterException(spec.commandLine(), "--scenario-rate must be > 0, got " + scenarioRate);
        }
        io.vigil.config.RuleSet rules = config.rules();
        long needed = BenchRun.cardsNeeded(scenarioRate, rules);
        if (cards < needed) {
            throw new ParameterException(spec.commandLine(), String.format(java.util.Locale.ROOT,
                    "--scenario-rate %s needs at least %,d cards (each card buys at most once per %s of event time), "
                            + "got --cards %,d", HumanFormat.number(scenarioRate), needed,
                    HumanFormat.duration(io.vigil.loadgen.InjectionParameters.from(rules).normalMinGap()), cards));
        }
        if (!(injectionsPerMinute >= 0) || Double.isInfinite(injectionsPerMinute)) {
            throw new ParameterException(spec.commandLine(), "--injections-per-minute must be >= 0, got "
                    + injectionsPerMinute);
        }
        if (!(latencyInjectionsPerMinute >= 0) || Double.isInfinite(latencyInjectionsPerMinute)) {
            throw new ParameterException(spec.commandLine(), "--latency-injections-per-minute must be >= 0, got "
                    + latencyInjectionsPerMinute);
        }
        if (latencyDuration.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new ParameterException(spec.commandLine(), "--latency-duration must be at least 1s, got "
                    + latencyDuration);
        }
        if (!(latencyLoad > 0) || latencyLoad > 1) {
            throw new ParameterException(spec.commandLine(), "--latency-load must be in (0, 1], got " + latencyLoad);
        }
        if (stageTimeout.compareTo(Duration.ofSeconds(10)) < 0) {
            throw new ParameterException(spec.commandLine(), "--stage-timeout must be at least 10s, got " + stageTimeout);
        }
        if (chart != null && !chart.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".png")) {
            throw new ParameterException(spec.commandLine(), "--chart must name a .png file, got " + chart);
        }
    }
}

package io.vigil.app;

import io.vigil.config.ConfigException;
import io.vigil.config.ConfigLoader;
import io.vigil.config.HumanFormat;
import io.vigil.config.VigilConfig;
import io.vigil.lab.Environments;
import io.vigil.lab.bench.AbReport;
import io.vigil.lab.bench.AbRun;
import io.vigil.lab.bench.BenchReport;
import io.vigil.lab.bench.BenchRun;
import io.vigil.lab.bench.BenchSettings;
import io.vigil.lab.bench.BenchVariant;
import io.vigil.runtime.KafkaEnvironment;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;

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
                "  2b. the state floor: per event one store read and one write of a --floor-state-bytes value, "
                        + "changelogged, exactly_once_v2, nothing else: the most any per-card detection can keep;",
                "  3. full fraud detection (the real transaction topology), exactly_once_v2, draining the same backlog;",
                "  4. the same under at_least_once;",
                "  5. latency: open-loop load at a share (--latency-load) of rate 3 for --latency-duration, event time "
                        + "to alert visible to a read_committed consumer, p50/p99/p99.9;",
                "  6. memory: peak heap, and bytes of detector state per card from the store.",
                "Then, over a telemetry backlog: its pass-through, and device detection with escalation "
                        + "(exactly_once_v2), with bytes of state per device and per device metric. Every other "
                        + "repetition runs the stages in reverse order.",
                "An unmeasured warm-up runs pass-through and detection in rounds until detection's rate settles. "
                        + "Each drain runs with a fresh application.id and state directory and is timed from the first "
                        + "record processed to consumer-group lag 0. Prints progress, then a table with the ratios and "
                        + "targets.",
                "Stream settings (commit interval, state store, cache) come from the configuration as for "
                        + "'vigil demo'; KAFKA_* variables override client settings."
        })
final class BenchCommand implements Callable<Integer> {

    private static final Pattern VARIANT_NAME = Pattern.compile("[A-Za-z0-9._-]{1,40}");
    private static final String STREAM_THREADS = "vigil.stream.threads";

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

    @Option(names = "--telemetry-events", defaultValue = "-1", paramLabel = "N",
            description = "Readings in the telemetry backlog the device-detection stages drain (default: half of "
                    + "--events).")
    private int telemetryEvents;

    @Option(names = "--devices", defaultValue = "5000", paramLabel = "N",
            description = "Devices in the telemetry backlog, each reporting 4 metrics every 5 s of event time "
                    + "(default: ${DEFAULT-VALUE}).")
    private int devices;

    @Option(names = "--telemetry-faults-per-minute", defaultValue = "60", paramLabel = "N",
            description = "Injected device faults per minute of event time, per fault kind, in the telemetry "
                    + "backlog (default: ${DEFAULT-VALUE}).")
    private double telemetryFaultsPerMinute;

    @Option(names = "--floor-state-bytes", defaultValue = "150", paramLabel = "N",
            description = "Size of the value the state-floor stage reads and writes per event (default: "
                    + "${DEFAULT-VALUE}, the card state's mean on the default backlog).")
    private int floorStateBytes;

    @Option(names = "--ab", paramLabel = "NAME:KEY=VALUE[,KEY=VALUE...]",
            description = {"Instead of the stages above, measure configurations against each other, interleaved: "
                    + "for each variant (and a baseline with none of them) the pass-through and card detection "
                    + "under exactly_once_v2, then its latency at --latency-load of the baseline's rate. Keys are "
                    + "settings (vigil.cache.max.bytes, compression.type) or variables (VIGIL_STATE_STORE, "
                    + "KAFKA_COMPRESSION_TYPE). Repeatable, e.g. --ab lz4:KAFKA_COMPRESSION_TYPE=lz4 "
                    + "--ab inmem:VIGIL_STATE_STORE=in_memory."})
    private List<String> ab = new ArrayList<>();

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
                latencyDuration, latencyLoad, latencyInjectionsPerMinute, seed, stageTimeout, telemetryBacklog(),
                devices, telemetryFaultsPerMinute, floorStateBytes);
        List<BenchVariant> variants = variants(config);
        try (KafkaEnvironment env = Environments.start(config, 0, 0, out)) {
            if (!variants.isEmpty()) {
                AbReport report = new AbRun(env, settings, variants, out).run();
                report.printTable(out);
                if (json != null) {
                    report.writeJson(json);
                    out.println("Results written to " + json);
                }
                return 0;
            }
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

    private int telemetryBacklog() {
        return telemetryEvents < 0 ? Math.max(1000, events / 2) : telemetryEvents;
    }

    /**
     * The baseline and one variant per {@code --ab}, each configuration loaded as the command's own with the
     * variant's settings as overrides, so a bad key or value fails here with the config's own message.
     */
    private List<BenchVariant> variants(VigilConfig config) {
        if (ab.isEmpty()) {
            return List.of();
        }
        List<BenchVariant> variants = new ArrayList<>();
        variants.add(new BenchVariant("baseline", "", config, threads));
        Set<String> names = new HashSet<>(Set.of("baseline"));
        for (String spec : ab) {
            int colon = spec.indexOf(':');
            String name = colon < 0 ? "" : spec.substring(0, colon);
            if (!VARIANT_NAME.matcher(name).matches() || !names.add(name)) {
                throw new ParameterException(this.spec.commandLine(), "--ab must be NAME:KEY=VALUE[,KEY=VALUE...] with a "
                        + "new NAME of letters, digits, '.', '_' or '-', got " + spec);
            }
            Map<String, String> overrides = new LinkedHashMap<>();
            for (String pair : spec.substring(colon + 1).split(",")) {
                int eq = pair.indexOf('=');
                if (eq <= 0) {
                    throw new ParameterException(this.spec.commandLine(), "--ab " + name + ": expected KEY=VALUE, got '"
                            + pair + "'");
                }
                String key = pair.substring(0, eq).strip();
                overrides.put(ConfigLoader.settingName(key).orElse(key), pair.substring(eq + 1).strip());
            }
            VigilConfig variant;
            try {
                variant = configOptions.load(overrides);
            } catch (ConfigException e) {
                throw new ParameterException(this.spec.commandLine(), "--ab " + name + ": " + e.getMessage());
            }
            // The bench sets each stage's threads itself (--threads); a variant that names them measures them.
            int variantThreads = overrides.containsKey(STREAM_THREADS) ? variant.streams().threads() : threads;
            variants.add(new BenchVariant(name, spec.substring(colon + 1), variant, variantThreads));
        }
        return variants;
    }

    private void validate(VigilConfig config) {
        if (events < 1000) {
            throw new ParameterException(spec.commandLine(), "--events must be at least 1000, got " + events);
        }
        try {
            BenchRun.checkHeap(events + telemetryBacklog());
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
        if (devices < 1 || telemetryEvents == 0) {
            throw new ParameterException(spec.commandLine(), "--devices and --telemetry-events must be at least 1, "
                    + "got " + devices + " and " + telemetryEvents);
        }
        if (!(telemetryFaultsPerMinute >= 0) || Double.isInfinite(telemetryFaultsPerMinute)) {
            throw new ParameterException(spec.commandLine(), "--telemetry-faults-per-minute must be >= 0, got "
                    + telemetryFaultsPerMinute);
        }
        if (floorStateBytes < BenchSettings.MIN_FLOOR_STATE_BYTES
                || floorStateBytes > BenchSettings.MAX_FLOOR_STATE_BYTES) {
            throw new ParameterException(spec.commandLine(), String.format(java.util.Locale.ROOT,
                    "--floor-state-bytes must be between %d and %,d, got %d", BenchSettings.MIN_FLOOR_STATE_BYTES,
                    BenchSettings.MAX_FLOOR_STATE_BYTES, floorStateBytes));
        }
        if (chart != null && !chart.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".png")) {
            throw new ParameterException(spec.commandLine(), "--chart must name a .png file, got " + chart);
        }
    }
}

package io.vigil.app;

import io.vigil.config.VigilConfig;
import io.vigil.lab.Environments;
import io.vigil.lab.generate.GenerateRun;
import io.vigil.lab.load.LoadSettings;
import io.vigil.loadgen.Scenario;
import io.vigil.runtime.KafkaEnvironment;

import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** {@code vigil generate}: the options of {@link GenerateRun}, which does the work. */
@Command(name = "generate",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
                "Sends seeded card transactions and/or device telemetry with injected fraud patterns and sensor "
                        + "faults at a fixed rate (open workload), and records what was injected (ground truth).",
                "Without --bootstrap-servers it starts an embedded broker and schema registry for the run only: "
                        + "they and the events are gone when it ends. Producer settings (lz4, 64 KiB batches, "
                        + "5 ms linger, acks=all, idempotent) can be overridden with KAFKA_* variables, "
                        + "e.g. KAFKA_LINGER_MS=20.",
                "Prints a progress line a second and a summary with the achieved rate. Exits 1 if any event "
                        + "failed to send."
        })
final class GenerateCommand implements Callable<Integer> {

    /** Live time starts this far ahead, so that the warm-up history is sent before live event time begins. */
    private static final Duration START_AHEAD = Duration.ofSeconds(2);

    @Spec
    private CommandSpec spec;

    @Mixin
    private ConfigOptions configOptions;

    @Mixin
    private ScenarioOptions scenarioOptions;

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    private Limit limit;

    /** How long to generate: a count or a duration, never both; neither means until Ctrl-C. */
    static final class Limit {
        @Option(names = "--events", paramLabel = "N", required = true,
                description = "Stop after N live events in all (the warm-up history comes on top).")
        Long events;

        @Option(names = "--duration", paramLabel = "DURATION", required = true, converter = DurationConverter.class,
                description = "Stop after this much live time, e.g. 30s, 5m. Without --events or --duration: until Ctrl-C.")
        Duration duration;
    }

    @Option(names = "--inject", paramLabel = "PATTERN=N",
            description = "Injections per minute of one pattern, overriding --injections-per-minute; repeatable. "
                    + "Patterns: ${COMPLETION-CANDIDATES}.",
            completionCandidates = PatternIds.class)
    private Map<String, Double> inject = new LinkedHashMap<>();

    @Option(names = "--history", negatable = true, defaultValue = "true",
            description = "Send the warm-up history first (cards reserved for amount anomalies, device baselines), "
                    + "so that every injected pattern can be detected (default: ${DEFAULT-VALUE}).")
    private boolean history;

    @Option(names = "--ground-truth", paramLabel = "FILE",
            description = "Write the completed injections to FILE as JSON lines.")
    private Path groundTruthFile;

    @Option(names = "--ground-truth-topic", paramLabel = "TOPIC",
            description = "Also send each completed injection as a JSON value keyed by injection id to TOPIC "
                    + "(created with one partition if missing).")
    private String groundTruthTopic;

    @Option(names = "--kafka-port", defaultValue = "0", paramLabel = "PORT",
            description = "Port of the embedded broker on 127.0.0.1 (default: a free port).")
    private int kafkaPort;

    @Option(names = "--registry-port", defaultValue = "0", paramLabel = "PORT",
            description = "Port of the embedded schema registry on 127.0.0.1 (default: a free port).")
    private int registryPort;

    /** Completion candidates for {@code --inject}: every pattern id. */
    static final class PatternIds implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return LoadSettings.patternIds().iterator();
        }
    }

    @Override
    public Integer call() throws Exception {
        validate();
        GenerateRun run = new GenerateRun(new GenerateRun.Settings(scenarioOptions.settings(inject, history),
                Optional.ofNullable(limit).map(l -> l.events), Optional.ofNullable(limit).map(l -> l.duration),
                Optional.ofNullable(groundTruthFile), Optional.ofNullable(groundTruthTopic)), System.out);
        PrintStream out = System.out;
        VigilConfig config = configOptions.load(Map.of());
        if (config.kafka().embedded()) {
            out.println("No --bootstrap-servers given: starting an embedded broker and schema registry for this run "
                    + "only; they stop, and the events are gone, when generating ends.");
        }
        CountDownLatch finished = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            run.stop();
            awaitQuietly(finished);
        }, "vigil-generate-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try (KafkaEnvironment env = Environments.start(config, kafkaPort, registryPort, out)) {
            Scenario scenario;
            try {
                scenario = run.scenario(Instant.now().plus(START_AHEAD), env.config().rules());
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), e.getMessage(), e);
            }
            return run.run(env, scenario);
        } finally {
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException alreadyShuttingDown) {
                // The hook is running (Ctrl-C): it only waits for the countdown above.
            }
        }
    }

    private void validate() {
        if (limit != null && limit.events != null && limit.events < 1) {
            throw new ParameterException(spec.commandLine(), "--events must be at least 1, got " + limit.events);
        }
        if (limit != null && limit.duration != null && (limit.duration.isNegative() || limit.duration.isZero())) {
            throw new ParameterException(spec.commandLine(), "--duration must be positive, got " + limit.duration);
        }
        inject.forEach((pattern, perMinute) -> {
            if (!LoadSettings.patternIds().contains(pattern)) {
                throw new ParameterException(spec.commandLine(), "--inject: unknown pattern '" + pattern
                        + "'; known patterns: " + String.join(", ", LoadSettings.patternIds()));
            }
            if (perMinute == null || !(perMinute >= 0) || Double.isInfinite(perMinute)) {
                throw new ParameterException(spec.commandLine(), "--inject " + pattern + " must be >= 0, got " + perMinute);
            }
        });
        if (groundTruthTopic != null && groundTruthTopic.isBlank()) {
            throw new ParameterException(spec.commandLine(), "--ground-truth-topic must not be blank");
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

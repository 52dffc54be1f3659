package io.vigil.app;

import io.vigil.runtime.ActionableException;
import io.vigil.lab.generate.GeneratedScenario;
import io.vigil.lab.Environments;
import io.vigil.runtime.KafkaEnvironment;
import io.vigil.runtime.WritableTopics;
import io.vigil.config.VigilConfig;
import io.vigil.loadgen.GroundTruth;
import io.vigil.loadgen.Injection;
import io.vigil.loadgen.LoadGenerator;
import io.vigil.loadgen.Scenario;
import io.vigil.loadgen.SendProgress;
import io.vigil.loadgen.SendResult;
import io.vigil.loadgen.Ticker;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintStream;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

/**
 * {@code vigil generate}: the seeded load generator on its own, against any cluster.
 *
 * <p>Open workload: each event is due at a time fixed by its event time, and when the producer cannot keep up
 * the generator sends as fast as it can, falls behind and says so, rather than quietly lowering the rate. So the
 * rate a consumer sees is the rate asked for, however slow that consumer is, and the final summary reports the
 * rate actually achieved.
 */
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
    /** Falling further behind schedule than this means the producer could not hold the rate. */
    private static final Duration BEHIND_TOLERANCE = Duration.ofSeconds(1);
    /** Achieving less than this share of the target rate also means the rate was not held. */
    private static final double MIN_ACHIEVED_SHARE = 0.95;

    @Spec
    private CommandSpec spec;

    @Mixin
    private ConfigOptions configOptions;

    @Option(names = "--scenario", defaultValue = "fraud", paramLabel = "fraud|telemetry|all",
            description = "What to send: card transactions, device telemetry, or both with the rate split "
                    + "evenly (default: ${DEFAULT-VALUE}).")
    private GeneratedScenario.Kind scenario;

    @Option(names = "--rate", defaultValue = "1000", paramLabel = "EVENTS_PER_SEC",
            description = "Live events per second of normal traffic; injected patterns add a few on top, at their own event times "
                    + "(default: ${DEFAULT-VALUE}).")
    private double rate;

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    private Limit limit;

    /** How long to generate: a count or a duration, never both; neither means until Ctrl-C. */
    static final class Limit {
        @Option(names = "--events", paramLabel = "N", required = true,
                description = "Stop after N live events (the warm-up history comes on top).")
        Long events;

        @Option(names = "--duration", paramLabel = "DURATION", required = true, converter = DurationConverter.class,
                description = "Stop after this much live time, e.g. 30s, 5m. Without --events or --duration: until Ctrl-C.")
        Duration duration;
    }

    @Option(names = "--seed", defaultValue = "42", paramLabel = "N",
            description = "Seed: the same seed and options give the same events (default: ${DEFAULT-VALUE}).")
    private long seed;

    @Option(names = "--cards", defaultValue = "50000", paramLabel = "N",
            description = "Cards carrying normal transactions (default: ${DEFAULT-VALUE}).")
    private int cards;

    @Option(names = "--devices", defaultValue = "500", paramLabel = "N",
            description = "Devices reporting telemetry; their reporting interval follows from --rate "
                    + "(default: ${DEFAULT-VALUE}).")
    private int devices;

    @Option(names = "--injections-per-minute", defaultValue = "6", paramLabel = "N",
            description = "Injections per minute of each pattern, 0 for none (default: ${DEFAULT-VALUE}).")
    private double injectionsPerMinute;

    @Option(names = "--inject", paramLabel = "PATTERN=N",
            description = "Injections per minute of one pattern, overriding --injections-per-minute; repeatable. "
                    + "Patterns: ${COMPLETION-CANDIDATES}.",
            completionCandidates = PatternIds.class)
    private Map<String, Double> inject = new LinkedHashMap<>();

    @Option(names = "--traffic", defaultValue = "clean", paramLabel = "clean|realistic[:KIND=N,...]",
            converter = TrafficConverter.class,
            description = "Card traffic: clean, or realistic with legitimate look-alikes of fraud (recorded in the "
                    + "ground truth as not fraud) and half the injections just past their threshold; rates as on "
                    + "'vigil demo --traffic' (docs/realistic-traffic.md; default: ${DEFAULT-VALUE}).")
    private io.vigil.loadgen.ConfounderRates traffic;

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
        public java.util.Iterator<String> iterator() {
            return GeneratedScenario.patternIds().iterator();
        }
    }

    @Override
    public Integer call() throws Exception {
        validate();
        PrintStream out = System.out;
        VigilConfig config = configOptions.load(Map.of());
        if (config.kafka().embedded()) {
            out.println("No --bootstrap-servers given: starting an embedded broker and schema registry for this run "
                    + "only; they stop, and the events are gone, when generating ends.");
        }
        CountDownLatch finished = new CountDownLatch(1);
        AtomicReference<LoadGenerator> current = new AtomicReference<>();
        Thread hook = new Thread(() -> {
            LoadGenerator generator = current.get();
            if (generator != null) {
                generator.stop();
            }
            awaitQuietly(finished);
        }, "vigil-generate-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try (KafkaEnvironment env = Environments.start(config, kafkaPort, registryPort, out)) {
            return generate(env, out, current);
        } finally {
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException alreadyShuttingDown) {
                // The hook is running (Ctrl-C): it only waits for the countdown above.
            }
        }
    }

    private int generate(KafkaEnvironment env, PrintStream out, AtomicReference<LoadGenerator> current)
            throws IOException {
        VigilConfig config = env.config();
        GeneratedScenario.Request request = new GeneratedScenario.Request(scenario, seed, rate, liveEvents(), cards,
                devices, injectionsPerMinute, inject, history, Instant.now().plus(START_AHEAD), config.rules(), traffic);
        Scenario played;
        try {
            played = GeneratedScenario.build(request);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        try {
            WritableTopics.await(env.admin(), topics(config), Duration.ofSeconds(30));
        } catch (java.util.concurrent.TimeoutException e) {
            throw new ActionableException(e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ActionableException("Interrupted while waiting for the topics", e);
        }
        Map<String, Object> clients = env.clientProperties();
        Map<String, Object> producerSettings = LoadGenerator.producerProperties(clients);
        out.printf(Locale.ROOT, "Generating %s at %,.0f events/s %s (seed %d) into %s; injections per minute: %s%n",
                scenario.name().toLowerCase(Locale.ROOT), rate, limitText(), seed, topicsText(config),
                ratesText(GeneratedScenario.effectiveRates(request)));
        out.printf(Locale.ROOT, "Producer: acks=%s, compression=%s, linger.ms=%s, batch.size=%s%n",
                producerSettings.get(ProducerConfig.ACKS_CONFIG), producerSettings.get(ProducerConfig.COMPRESSION_TYPE_CONFIG),
                producerSettings.get(ProducerConfig.LINGER_MS_CONFIG), producerSettings.get(ProducerConfig.BATCH_SIZE_CONFIG));

        LoadGenerator.Report report;
        try (Producer<String, SpecificRecord> producer = LoadGenerator.createProducer(clients)) {
            ProgressPrinter progress = new ProgressPrinter(out);
            LoadGenerator generator = new LoadGenerator(producer, config.topics(), Clock.systemUTC(), Ticker.system(),
                    progress);
            current.set(generator);
            report = generator.run(played, limit != null && limit.events != null ? limit.events : Long.MAX_VALUE,
                    limit != null && limit.duration != null
                    ? limit.duration : Duration.ofNanos(Long.MAX_VALUE));
        }
        GroundTruth truth = report.groundTruth();
        printSummary(out, report);
        if (groundTruthFile != null) {
            truth.writeJsonLines(groundTruthFile);
            out.printf(Locale.ROOT, "Ground truth: %,d injections written to %s%n", truth.injections().size(),
                    groundTruthFile);
        }
        if (groundTruthTopic != null) {
            sendGroundTruth(env, truth);
            out.printf(Locale.ROOT, "Ground truth: %,d injections sent to topic %s%n", truth.injections().size(),
                    groundTruthTopic);
        }
        return report.history().failed() + report.live().failed() == 0 ? 0 : 1;
    }

    private void validate() {
        if (!(rate > 0) || Double.isInfinite(rate)) {
            throw new ParameterException(spec.commandLine(), "--rate must be > 0, got " + rate);
        }
        if (limit != null && limit.events != null && limit.events < 1) {
            throw new ParameterException(spec.commandLine(), "--events must be at least 1, got " + limit.events);
        }
        if (limit != null && limit.duration != null && (limit.duration.isNegative() || limit.duration.isZero())) {
            throw new ParameterException(spec.commandLine(), "--duration must be positive, got " + limit.duration);
        }
        if (cards < 100) {
            throw new ParameterException(spec.commandLine(), "--cards must be at least 100, got " + cards);
        }
        if (devices < 1) {
            throw new ParameterException(spec.commandLine(), "--devices must be at least 1, got " + devices);
        }
        if (!(injectionsPerMinute >= 0) || Double.isInfinite(injectionsPerMinute)) {
            throw new ParameterException(spec.commandLine(), "--injections-per-minute must be >= 0, got "
                    + injectionsPerMinute);
        }
        inject.forEach((pattern, perMinute) -> {
            if (!GeneratedScenario.patternIds().contains(pattern)) {
                throw new ParameterException(spec.commandLine(), "--inject: unknown pattern '" + pattern
                        + "'; known patterns: " + String.join(", ", GeneratedScenario.patternIds()));
            }
            if (perMinute == null || !(perMinute >= 0) || Double.isInfinite(perMinute)) {
                throw new ParameterException(spec.commandLine(), "--inject " + pattern + " must be >= 0, got " + perMinute);
            }
        });
        if (groundTruthTopic != null && groundTruthTopic.isBlank()) {
            throw new ParameterException(spec.commandLine(), "--ground-truth-topic must not be blank");
        }
    }

    /** Live events the scenario should hold: what --events asks, enough for --duration, or endless. */
    private long liveEvents() {
        if (limit != null && limit.events != null) {
            return limit.events;
        }
        if (limit != null && limit.duration != null) {
            return (long) Math.ceil(rate * limit.duration.toNanos() / 1e9);
        }
        return Long.MAX_VALUE;
    }

    private String limitText() {
        if (limit != null && limit.events != null) {
            return String.format(Locale.ROOT, "for %,d live events", limit.events);
        }
        if (limit != null && limit.duration != null) {
            return "for " + limit.duration.toString().substring(2).toLowerCase(Locale.ROOT);
        }
        return "until Ctrl-C";
    }

    private List<String> topics(VigilConfig config) {
        return switch (scenario) {
            case FRAUD -> List.of(config.topics().transactions());
            case TELEMETRY -> List.of(config.topics().telemetry());
            case ALL -> List.of(config.topics().transactions(), config.topics().telemetry());
        };
    }

    private String topicsText(VigilConfig config) {
        return switch (scenario) {
            case FRAUD -> config.topics().transactions();
            case TELEMETRY -> config.topics().telemetry();
            case ALL -> config.topics().transactions() + " and " + config.topics().telemetry();
        };
    }

    private static String ratesText(Map<String, Double> rates) {
        return rates.entrySet().stream()
                .map(e -> e.getKey() + " " + number(e.getValue()))
                .collect(Collectors.joining(", "));
    }

    private static String number(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
    }

    private void printSummary(PrintStream out, LoadGenerator.Report report) {
        SendResult history = report.history();
        SendResult live = report.live();
        out.printf(Locale.ROOT, "Warm-up history: %,d events in %.1f s%n", history.acknowledged(),
                history.elapsed().toNanos() / 1e9);
        out.printf(Locale.ROOT, "Live: %,d events acknowledged in %.1f s: %,.0f events/s achieved, target %,.0f/s%s%n",
                live.acknowledged(), live.elapsed().toNanos() / 1e9, live.achievedPerSecond(), rate,
                live.stopped() ? " (stopped early)" : "");
        boolean slow = !live.stopped() && live.achievedPerSecond() < MIN_ACHIEVED_SHARE * rate;
        if (live.maxBehind().compareTo(BEHIND_TOLERANCE) > 0 || slow) {
            out.printf(Locale.ROOT, "The producer could NOT keep the rate: %,.0f of %,.0f events/s, up to %.1f s "
                    + "behind schedule; events went out late and the achieved rate is what this cluster and machine "
                    + "took.%n", live.achievedPerSecond(), rate, live.maxBehind().toNanos() / 1e9);
        } else {
            out.printf(Locale.ROOT, "The producer kept the rate (at most %d ms behind schedule).%n",
                    live.maxBehind().toMillis());
        }
        if (!report.eventTimeLag().isZero()) {
            out.printf(Locale.ROOT, "Live event time trails the wall clock by %.1f s (the warm-up took longer than "
                    + "planned).%n", report.eventTimeLag().toNanos() / 1e9);
        }
        long failed = history.failed() + live.failed();
        out.printf(Locale.ROOT, "Failed sends: %,d%s%n", failed,
                failed == 0 ? "" : " (first error: " + live.firstError().or(history::firstError)
                        .map(Throwable::toString).orElse("?") + ")");
        Map<String, Long> injected = report.groundTruth().countByPattern();
        out.printf(Locale.ROOT, "Injected (complete): %s%s%n",
                injected.isEmpty() ? "none" : injected.entrySet().stream()
                        .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", ")),
                report.skippedInjections() == 0 ? "" : "; skipped " + report.skippedInjections()
                        + " (no free warmed card or device)");
    }

    private void sendGroundTruth(KafkaEnvironment env, GroundTruth truth) throws IOException {
        try {
            env.admin().createTopics(List.of(new NewTopic(groundTruthTopic, 1,
                    env.config().topics().replicationFactor()))).all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new ActionableException("Cannot create ground-truth topic " + groundTruthTopic + ": "
                        + e.getCause().getMessage(), e.getCause());
            }
        } catch (java.util.concurrent.TimeoutException e) {
            throw new ActionableException("Timed out creating ground-truth topic " + groundTruthTopic, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ActionableException("Interrupted while creating ground-truth topic " + groundTruthTopic, e);
        }
        Map<String, Object> props = new HashMap<>(LoadGenerator.producerProperties(env.clientProperties()));
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(),
                new StringSerializer())) {
            for (Injection injection : truth.injections()) {
                StringWriter line = new StringWriter();
                new GroundTruth(List.of(injection)).writeJsonLines(line);
                producer.send(new ProducerRecord<>(groundTruthTopic, injection.injectionId(), line.toString().strip()));
            }
            producer.flush();
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The progress line, about once a second: the warm-up phase, then the live phase against its target. */
    private static final class ProgressPrinter implements java.util.function.Consumer<SendProgress> {
        private final PrintStream out;

        ProgressPrinter(PrintStream out) {
            this.out = out;
        }

        @Override
        public void accept(SendProgress p) {
            if (Double.isNaN(p.targetPerSecond())) {
                out.printf(Locale.ROOT, "[warm-up %3ds] sent %,d | acked %,d | failed %,d%n",
                        p.elapsed().toSeconds(), p.sent(), p.acknowledged(), p.failed());
            } else {
                out.printf(Locale.ROOT, "[%4ds] sent %,d | %,.0f/s (target %,.0f/s) | behind %,d ms | acked %,d | failed %,d%n",
                        p.elapsed().toSeconds(), p.sent(), p.achievedPerSecond(), p.targetPerSecond(),
                        p.behind().toMillis(), p.acknowledged(), p.failed());
            }
        }
    }
}

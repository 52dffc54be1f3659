package io.vigil.lab.generate;

import io.vigil.config.HumanFormat;
import io.vigil.config.RuleSet;
import io.vigil.config.VigilConfig;
import io.vigil.lab.load.LoadSettings;
import io.vigil.loadgen.GroundTruth;
import io.vigil.loadgen.LoadGenerator;
import io.vigil.loadgen.Scenario;
import io.vigil.loadgen.Ticker;
import io.vigil.runtime.ActionableException;
import io.vigil.runtime.KafkaEnvironment;
import io.vigil.runtime.WritableTopics;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * {@code vigil generate}: the seeded load generator on its own, against any cluster, and its ground truth.
 *
 * <p>Open workload: each event is due at a time fixed by its event time, and when the producer cannot keep up
 * the generator sends as fast as it can, falls behind and says so, rather than quietly lowering the rate. So the
 * rate a consumer sees is the rate asked for, however slow that consumer is, and the final summary reports the
 * rate actually achieved.
 */
public final class GenerateRun {

    /**
     * What to generate and where the ground truth goes.
     *
     * @param events           live events to send (the warm-up history comes on top); empty with a duration or
     *                         for endless
     * @param duration         live time to send for; empty with a count or for endless
     * @param groundTruthFile  where to write the completed injections as JSON lines, if anywhere
     * @param groundTruthTopic where to send them, if anywhere
     */
    public record Settings(LoadSettings load, Optional<Long> events, Optional<Duration> duration,
                           Optional<Path> groundTruthFile, Optional<String> groundTruthTopic) {
    }

    private final Settings settings;
    private final PrintStream out;
    private volatile LoadGenerator generator;
    private volatile boolean stopped;

    public GenerateRun(Settings settings, PrintStream out) {
        this.settings = settings;
        this.out = out;
    }

    /**
     * The scenario to play, live time starting at {@code liveStart}.
     *
     * @throws IllegalArgumentException naming the option when the combination cannot be played (a pattern of the
     *                                  other scenario, too few cards for the rate)
     */
    public Scenario scenario(Instant liveStart, RuleSet rules) {
        LoadSettings load = settings.load();
        if (settings.duration().isPresent()) {
            return load.forDuration(liveStart, settings.duration().get(), rules);
        }
        return load.forEvents(liveStart, settings.events().orElse(Long.MAX_VALUE), rules);
    }

    /** Sends {@code scenario} and writes its ground truth; 0 when every event was sent, else 1. */
    public int run(KafkaEnvironment env, Scenario scenario) throws IOException {
        VigilConfig config = env.config();
        awaitTopics(env, topics(config));
        Map<String, Object> clients = env.clientProperties();
        Map<String, Object> producerSettings = LoadGenerator.producerProperties(clients);
        LoadSettings load = settings.load();
        out.printf(Locale.ROOT, "Generating %s at %,.0f events/s %s (seed %d) into %s; injections per minute: %s%n",
                load.kind().id(), load.eventsPerSecond(), limitText(), load.seed(),
                String.join(" and ", topics(config)), ratesText(load.effectiveRates()));
        out.printf(Locale.ROOT, "Producer: acks=%s, compression=%s, linger.ms=%s, batch.size=%s%n",
                producerSettings.get(ProducerConfig.ACKS_CONFIG), producerSettings.get(ProducerConfig.COMPRESSION_TYPE_CONFIG),
                producerSettings.get(ProducerConfig.LINGER_MS_CONFIG), producerSettings.get(ProducerConfig.BATCH_SIZE_CONFIG));

        LoadGenerator.Report report;
        try (Producer<String, SpecificRecord> producer = LoadGenerator.createProducer(clients)) {
            generator = new LoadGenerator(producer, config.topics(), Clock.systemUTC(), Ticker.system(),
                    GenerateSummary.progress(out));
            if (stopped) {
                generator.stop();
            }
            report = generator.run(scenario, settings.events().orElse(Long.MAX_VALUE),
                    settings.duration().orElse(Duration.ofNanos(Long.MAX_VALUE)));
        }
        GroundTruth truth = report.groundTruth();
        GenerateSummary.print(out, report, load.eventsPerSecond());
        if (settings.groundTruthFile().isPresent()) {
            truth.writeJsonLines(settings.groundTruthFile().get());
            out.printf(Locale.ROOT, "Ground truth: %,d injections written to %s%n", truth.injections().size(),
                    settings.groundTruthFile().get());
        }
        if (settings.groundTruthTopic().isPresent()) {
            GroundTruthTopic.send(env, settings.groundTruthTopic().get(), truth);
            out.printf(Locale.ROOT, "Ground truth: %,d injections sent to topic %s%n", truth.injections().size(),
                    settings.groundTruthTopic().get());
        }
        return report.history().failed() + report.live().failed() == 0 ? 0 : 1;
    }

    /** Ends sending early (Ctrl-C); {@link #run} then prints the summary of what went out. */
    public void stop() {
        stopped = true;
        LoadGenerator current = generator;
        if (current != null) {
            current.stop();
        }
    }

    private static void awaitTopics(KafkaEnvironment env, List<String> topics) {
        try {
            WritableTopics.await(env.admin(), topics, Duration.ofSeconds(30));
        } catch (TimeoutException e) {
            throw new ActionableException(e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ActionableException("Interrupted while waiting for the topics", e);
        }
    }

    private String limitText() {
        if (settings.events().isPresent()) {
            return String.format(Locale.ROOT, "for %,d live events", settings.events().get());
        }
        if (settings.duration().isPresent()) {
            return "for " + settings.duration().get().toString().substring(2).toLowerCase(Locale.ROOT);
        }
        return "until Ctrl-C";
    }

    private List<String> topics(VigilConfig config) {
        List<String> topics = new ArrayList<>();
        if (settings.load().kind().fraud()) {
            topics.add(config.topics().transactions());
        }
        if (settings.load().kind().telemetry()) {
            topics.add(config.topics().telemetry());
        }
        return topics;
    }

    private static String ratesText(Map<String, Double> rates) {
        return rates.entrySet().stream()
                .map(e -> e.getKey() + " " + HumanFormat.number(e.getValue()))
                .collect(Collectors.joining(", "));
    }
}

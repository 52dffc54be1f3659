package io.vigil.lab.bench;

import io.vigil.config.HumanFormat;
import io.vigil.config.VigilConfig;
import io.vigil.loadgen.ScenarioConfig;
import io.vigil.loadgen.telemetry.TelemetryScenarioConfig;
import io.vigil.serdes.SpecificAvroSerializer;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.TopicPartition;

import java.io.PrintStream;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;

/** Generates the backlogs once (card transactions, device readings) and loads each into its input topic once. */
final class BacklogSetup {

    private final BenchSettings settings;
    private final VigilConfig base;
    private final Map<String, Object> clients;
    private final PrintStream out;

    BacklogSetup(BenchSettings settings, VigilConfig base, Map<String, Object> clients, PrintStream out) {
        this.settings = settings;
        this.base = base;
        this.clients = clients;
        this.out = out;
    }

    Backlog transactions(String input) {
        out.printf(Locale.ROOT, "Generating the backlog: %,d fraud-scenario events over %,d cards, %s injections "
                        + "per minute per pattern (seed %d)...%n", settings.events(), settings.cards(),
                HumanFormat.number(settings.injectionsPerMinute()), settings.seed());
        long spanMillis = (long) Math.ceil(settings.events() * 1000.0 / settings.scenarioEventsPerSec());
        // Event time ends about now (so no broker retention can touch it) and runs at scenarioEventsPerSec, so each
        // card's windows hold what they would in production at that rate.
        ScenarioConfig scenario = ScenarioConfig.defaults(settings.seed(), Instant.now().minusMillis(spanMillis))
                .withCards(settings.cards())
                .withHistory(true, 0)
                .withRate(settings.scenarioEventsPerSec())
                .withLiveEvents(settings.events())
                .withInjectionsPerMinute(settings.injectionsPerMinute())
                .withRules(base.rules());
        long start = System.nanoTime();
        SpecificAvroSerializer<SpecificRecord> serializer = serializer();
        Backlog backlog = Backlog.generate(scenario, settings.events(), serializer, input,
                n -> out.printf(Locale.ROOT, "  generated %,d%n", n));
        serializer.close();
        describe(backlog, "cards", start);
        return backlog;
    }

    /**
     * The telemetry backlog: live readings only (no warm-up history, so the faults start at once and every
     * device's baseline warms up within the backlog, as it would after a deployment), event time ending about now.
     */
    Backlog telemetry(String input) {
        out.printf(Locale.ROOT, "Generating the telemetry backlog: %,d readings from %,d devices, %s faults per "
                        + "minute per kind (seed %d)...%n", settings.telemetryEvents(), settings.devices(),
                HumanFormat.number(settings.telemetryFaultsPerMinute()), settings.seed());
        TelemetryScenarioConfig config = TelemetryScenarioConfig.defaults(settings.seed(), Instant.now())
                .withDevices(settings.devices())
                .withHistory(false)
                .withFaultsPerMinute(settings.telemetryFaultsPerMinute())
                .withRules(base.rules());
        long spanMillis = (long) Math.ceil(settings.telemetryEvents() * 1000.0 / config.eventsPerSecond());
        config = config.withStart(Instant.now().minusMillis(spanMillis)).withLiveEvents(settings.telemetryEvents()
                + (long) settings.devices() * TelemetryScenarioConfig.METRICS_PER_DEVICE);
        long start = System.nanoTime();
        SpecificAvroSerializer<SpecificRecord> serializer = serializer();
        Backlog backlog = Backlog.generate(config, settings.telemetryEvents(), serializer, input, n -> { });
        serializer.close();
        describe(backlog, "devices", start);
        return backlog;
    }

    /** Loads {@code backlog} into {@code input} and returns the topic's end offsets: what a drain must reach. */
    Map<TopicPartition, Long> load(BenchCluster cluster, ProducerStage producer, Backlog backlog, String input,
                                   BenchReport report) throws Exception {
        out.printf(Locale.ROOT, "Loading the backlog into %s (%d partitions)...%n", input, base.topics().partitions());
        ProducerRun load = producer.send(backlog, input);
        out.printf(Locale.ROOT, "  loaded in %.1f s (%,.0f events/s)%n", load.seconds(), load.eventsPerSec());
        Map<TopicPartition, Long> ends = cluster.endOffsets(input);
        long total = ends.values().stream().mapToLong(Long::longValue).sum();
        if (total != backlog.size()) {
            throw new IllegalStateException("The input topic " + input + " holds " + total + " records, expected "
                    + backlog.size());
        }
        if (report != null) {
            report.backlogLoad(load);
        }
        return ends;
    }

    private SpecificAvroSerializer<SpecificRecord> serializer() {
        SpecificAvroSerializer<SpecificRecord> serializer = new SpecificAvroSerializer<>();
        serializer.configure(clients, false);
        return serializer;
    }

    private void describe(Backlog backlog, String keys, long startNanos) {
        out.printf(Locale.ROOT, "  %,d events (%,d distinct %s, %,d bytes of Avro, %d bytes each on average, "
                        + "%,d complete injections) in %.1f s%n", backlog.size(), backlog.distinctKeys(), keys,
                backlog.valueBytes(), backlog.valueBytes() / backlog.size(), backlog.groundTruth().injections().size(),
                (System.nanoTime() - startNanos) / 1e9);
    }
}

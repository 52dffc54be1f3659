package io.vigil.app;

import io.vigil.app.logging.CommandLogging;
import io.vigil.config.Directories;
import io.vigil.config.StreamsSettings;
import io.vigil.config.VigilConfig;
import io.vigil.lab.Environments;
import io.vigil.lab.demo.DemoRun;
import io.vigil.lab.demo.DemoSummary;
import io.vigil.lab.load.LoadSettings;
import io.vigil.runtime.KafkaEnvironment;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code vigil demo}: the whole pipeline in one process, on the embedded default unless a cluster is
 * configured. Prints a progress line a second and ends with a summary of what was injected and detected.
 */
@Command(name = "demo",
        mixinStandardHelpOptions = true,
        description = "Runs the whole pipeline: broker and schema registry (embedded unless --bootstrap-servers "
                + "is given), N stream instances, the alert printer and the load generator with injected fraud. "
                + "Prints progress once a second and ends with a summary: injected vs detected, duplicate alerts, "
                + "throughput and event-to-alert latency, and each stage of the reactive chain (escalation, card-blocker, notifier, "
                + "blocked-card feedback). Exits 1 if any alert was duplicated, any event failed to send, a chain "
                + "stage missed or repeated an action or a notification, a stream instance failed (the generator "
                + "then stops at once), or the stream instances had not processed every event within 60 s of the "
                + "generator stopping.")
final class DemoCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private ConfigOptions configOptions;

    @Mixin
    private ScenarioOptions scenarioOptions;

    @Option(names = "--instances", defaultValue = "2", paramLabel = "N",
            description = "Stream instances in this process (default: ${DEFAULT-VALUE}).")
    private int instances;

    @Option(names = "--duration", defaultValue = "60s", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "How long live traffic runs, e.g. 30s, 2m (default: ${DEFAULT-VALUE}).")
    private Duration duration;

    @Option(names = "--summary-json", paramLabel = "FILE", description = "Also write the summary as JSON to FILE.")
    private Path summaryJson;

    @Option(names = "--kafka-port", defaultValue = "0", paramLabel = "PORT",
            description = "Port of the embedded broker on 127.0.0.1; with --brokers 3, of the first node, the others "
                    + "on the next ports (default: free ports).")
    private int kafkaPort;

    @Option(names = "--brokers", defaultValue = "1", paramLabel = "N",
            description = "Nodes of the embedded Kafka cluster: 1, or 3 for a replicated one (Vigil's topics at "
                    + "replication factor 3, min.insync.replicas 2, one standby replica per task). Only without "
                    + "bootstrap.servers (default: ${DEFAULT-VALUE}).")
    private int brokers;

    @Option(names = "--registry-port", defaultValue = "0", paramLabel = "PORT",
            description = "Port of the embedded schema registry on 127.0.0.1 (default: a free port).")
    private int registryPort;

    @Option(names = "--quiet-alerts", description = "Do not print a line per alert.")
    private boolean quietAlerts;

    @Option(names = "--http-port", paramLabel = "PORT",
            description = "Serve the live console at / and /metrics, /health, /ready, /cards/{id} and /devices/{id} "
                    + "on 127.0.0.1: instance i (from 0) on PORT + i; the console's address is printed at start. "
                    + "Off unless given.")
    private Integer httpPort;

    @Override
    public Integer call() throws Exception {
        validate();
        LoadSettings load = scenarioOptions.settings(Map.of(), true);
        PrintStream out = System.out;
        CommandLogging.displayFile().ifPresent(file -> out.println("Logs (Kafka's and Vigil's, INFO and above) go to "
                + file + "; --verbose shows them here too"));
        VigilConfig config = configOptions.load(brokers > 1
                ? Map.of("vigil.topic.replication.factor", Integer.toString(Math.min(3, brokers))) : Map.of());
        if (brokers > 1 && !config.kafka().embedded()) {
            throw new ParameterException(spec.commandLine(), "--brokers starts an embedded cluster, but "
                    + "bootstrap.servers is set: the demo uses that cluster instead. Leave out one or the other.");
        }
        Path stateDir = Files.createTempDirectory("vigil-demo-state-");
        config = config.withStreams(withStateDir(config.streams(), stateDir));

        CountDownLatch finished = new CountDownLatch(1);
        DemoRun[] current = new DemoRun[1];
        Thread hook = new Thread(() -> {
            DemoRun run = current[0];
            if (run != null) {
                run.stop();
            }
            awaitQuietly(finished);
        }, "vigil-demo-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try (KafkaEnvironment env = Environments.start(config, kafkaPort, registryPort, brokers, out)) {
            DemoRun run = new DemoRun(env, new DemoRun.Settings(load, instances, duration, !quietAlerts), out,
                    httpPort);
            current[0] = run;
            DemoSummary summary = run.run();
            summary.printTable(out);
            if (summaryJson != null) {
                summary.writeJson(summaryJson);
                out.println("Summary written to " + summaryJson);
            }
            boolean chainClean = summary.chain() == null || summary.chain().clean();
            if (!summary.drained()) {
                spec.commandLine().getErr().println("demo: " + summary.drainFailure());
            }
            return summary.duplicateAlerts() == 0 && summary.failedSends() == 0 && chainClean && summary.drained()
                    ? 0 : 1;
        } finally {
            Directories.deleteRecursively(stateDir);
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException alreadyShuttingDown) {
                // The hook is running (Ctrl-C): it only waits for the countdown above.
            }
        }
    }

    private void validate() {
        if (instances < 1 || instances > 16) {
            throw new ParameterException(spec.commandLine(), "--instances must be between 1 and 16, got " + instances);
        }
        if (brokers != 1 && brokers != 3) {
            throw new ParameterException(spec.commandLine(), "--brokers must be 1 or 3, got " + brokers);
        }
        if (duration.isNegative() || duration.isZero()) {
            throw new ParameterException(spec.commandLine(), "--duration must be positive, got " + duration);
        }
        if (scenarioOptions.devices < 10) {
            throw new ParameterException(spec.commandLine(), "--devices must be at least 10, got "
                    + scenarioOptions.devices);
        }
        if (httpPort != null && (httpPort < 1 || httpPort + instances - 1 > 65_535)) {
            throw new ParameterException(spec.commandLine(), "--http-port must leave room for " + instances
                    + " instance(s) within 1..65535, got " + httpPort);
        }
    }

    private static StreamsSettings withStateDir(StreamsSettings s, Path dir) {
        return new StreamsSettings(s.applicationId(), s.processingGuarantee(), s.threads(), s.commitInterval(), dir,
                s.storeType(), s.cacheMaxBytes(), s.grace());
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

}

package io.vigil.app;

import io.vigil.config.VigilConfig;
import io.vigil.runtime.KafkaEnvironment;
import io.vigil.subscribers.FileSink;
import io.vigil.subscribers.NotificationSink;
import io.vigil.subscribers.Notifier;
import io.vigil.subscribers.PrintSink;
import io.vigil.subscribers.WebhookSink;

import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code vigil subscribe notifier}. */
@Command(name = "notifier",
        mixinStandardHelpOptions = true,
        description = {
                "Delivers one notification (JSON) per alert, incident and action to a sink: an HTTP webhook "
                        + "(POST, retried with exponential backoff, then dead-lettered to the DLQ topic with error "
                        + "headers), a file (one JSON line each) or, by default, standard output.",
                "Never notifies the same alertId, incidentId or actionId twice, also across restarts: delivered ids "
                        + "are recorded on the compacted topic GROUP.delivered before offsets are committed. Status "
                        + "lines go to standard error when notifications go to standard output."
        })
final class NotifierCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private ClusterOptions clusterOptions;

    @ArgGroup(exclusive = true)
    private Sink sink;

    static final class Sink {
        @Option(names = "--webhook", paramLabel = "URL", description = "POST each notification as JSON to URL.")
        URI webhook;

        @Option(names = "--file", paramLabel = "FILE", description = "Append each notification as a JSON line to FILE.")
        Path file;
    }

    @Option(names = "--group", defaultValue = "vigil-notifier", paramLabel = "GROUP",
            description = "Consumer group; instances in one group share the work and one delivered-id log "
                    + "(default: ${DEFAULT-VALUE}).")
    private String group;

    @Option(names = "--max-attempts", defaultValue = "5", paramLabel = "N",
            description = "Webhook attempts per notification before it is dead-lettered (default: ${DEFAULT-VALUE}).")
    private int maxAttempts;

    @Option(names = "--backoff", defaultValue = "200ms", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Wait after the first failed webhook attempt; doubles after each (default: ${DEFAULT-VALUE}).")
    private Duration backoff;

    @Option(names = "--max-backoff", defaultValue = "5s", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Longest wait between webhook attempts (default: ${DEFAULT-VALUE}).")
    private Duration maxBackoff;

    @Option(names = "--timeout", defaultValue = "5s", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "How long one webhook attempt may take (default: ${DEFAULT-VALUE}).")
    private Duration timeout;

    @Override
    public Integer call() throws IOException {
        validate();
        VigilConfig config = clusterOptions.load();
        boolean toStdout = sink == null || (sink.webhook == null && sink.file == null);
        PrintWriter log = toStdout ? new PrintWriter(System.err, true) : spec.commandLine().getOut();
        try (KafkaEnvironment env = Cluster.connect(config, "vigil subscribe notifier");
             NotificationSink target = sink(toStdout)) {
            Notifier.Settings settings = new Notifier.Settings(config.topics().alerts(), config.topics().incidents(),
                    config.topics().actions(), config.topics().dlq(), group);
            Notifier notifier = Notifier.create(env.clientProperties(), settings, target);
            log.printf(Locale.ROOT, "notifier %s: notifying about %s, %s and %s to %s; delivered ids on %s. "
                    + "Ctrl-C stops.%n", group, config.topics().alerts(), config.topics().incidents(),
                    config.topics().actions(), target.describe(), settings.deliveredTopic());
            log.flush();
            SubscribeCommand.runInForeground("notifier", notifier, () -> String.format(Locale.ROOT,
                    "%d delivered, %d skipped as delivered before, %d dead-lettered",
                    notifier.delivered(), notifier.skipped(), notifier.deadLettered()), log);
            return 0;
        }
    }

    private void validate() {
        if (maxAttempts < 1) {
            throw new ParameterException(spec.commandLine(), "--max-attempts must be at least 1, got " + maxAttempts);
        }
        for (Duration d : new Duration[] {backoff, maxBackoff, timeout}) {
            if (d.isNegative() || d.isZero()) {
                throw new ParameterException(spec.commandLine(), "--backoff, --max-backoff and --timeout must be "
                        + "positive, got " + d);
            }
        }
        if (sink != null && sink.webhook != null) {
            String scheme = sink.webhook.getScheme();
            if (!"http".equalsIgnoreCase(scheme) && !"https".equalsIgnoreCase(scheme)) {
                throw new ParameterException(spec.commandLine(), "--webhook must be an http:// or https:// URL, got "
                        + sink.webhook);
            }
        }
    }

    private NotificationSink sink(boolean toStdout) throws IOException {
        if (toStdout) {
            return new PrintSink(new PrintStream(System.out, true), "stdout");
        }
        if (sink.webhook != null) {
            return new WebhookSink(sink.webhook, new WebhookSink.Retry(maxAttempts, backoff, maxBackoff, timeout));
        }
        return new FileSink(sink.file);
    }
}

package io.vigil.app;

import io.vigil.config.VigilConfig;
import io.vigil.runtime.KafkaEnvironment;
import io.vigil.subscribers.AlertPrinter;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.concurrent.Callable;

/** {@code vigil subscribe alert-printer}. */
@Command(name = "alert-printer",
        mixinStandardHelpOptions = true,
        description = "Prints every committed alert as one line (time, severity, rule and version, entity, "
                + "explanation, alert id). A new group starts from the earliest alert.")
final class AlertPrinterCommand implements Callable<Integer> {

    @Mixin
    private ClusterOptions clusterOptions;

    @Option(names = "--group", defaultValue = "vigil-alert-printer", paramLabel = "GROUP",
            description = "Consumer group (default: ${DEFAULT-VALUE}).")
    private String group;

    @Override
    public Integer call() {
        PrintWriter log = new PrintWriter(System.err, true);
        VigilConfig config = clusterOptions.load();
        try (KafkaEnvironment env = Cluster.connect(config, "vigil subscribe alert-printer")) {
            AlertPrinter printer = AlertPrinter.create(env.clientProperties(), config.topics().alerts(), group,
                    new PrintStream(System.out, true));
            log.printf("alert-printer %s: printing alerts from %s. Ctrl-C stops.%n", group, config.topics().alerts());
            SubscribeCommand.runInForeground("alert-printer", printer, () -> printer.printed() + " alerts printed", log);
            return 0;
        }
    }
}

package io.vigil.app;

import io.vigil.config.VigilConfig;
import io.vigil.events.Severity;
import io.vigil.runtime.KafkaEnvironment;
import io.vigil.subscribers.CardBlocker;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code vigil subscribe card-blocker}. */
@Command(name = "card-blocker",
        mixinStandardHelpOptions = true,
        description = {
                "For every OPEN fraud alert (entity CARD) at or above --min-severity, writes one BLOCK_CARD action "
                        + "to the actions topic, exactly once: alerts are read read_committed and each poll's "
                        + "actions and consumer offsets commit in one producer transaction. A restart after a crash, "
                        + "even kill -9, neither loses nor repeats an action.",
                "Alerts of the blocked-card rule itself are not acted on. The stream instances read the actions "
                        + "back and alert when a blocked card is used."
        })
final class CardBlockerCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private ClusterOptions clusterOptions;

    @Option(names = "--min-severity", defaultValue = "HIGH", paramLabel = "SEVERITY",
            description = "Least severity that blocks a card: LOW, MEDIUM, HIGH or CRITICAL (default: ${DEFAULT-VALUE}).")
    private Severity minSeverity;

    @Option(names = "--group", defaultValue = "vigil-card-blocker", paramLabel = "GROUP",
            description = "Consumer group; instances in one group share the alerts (default: ${DEFAULT-VALUE}).")
    private String group;

    @Option(names = "--instance-id", defaultValue = "1", paramLabel = "ID",
            description = "Stable id of this instance within the group, unique among running instances; with the group "
                    + "it forms the transactional.id that lets a restarted instance fence its crashed predecessor "
                    + "(default: ${DEFAULT-VALUE}).")
    private String instanceId;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        VigilConfig config = clusterOptions.load();
        try (KafkaEnvironment env = Cluster.connect(config, "vigil subscribe card-blocker")) {
            CardBlocker.Settings settings = new CardBlocker.Settings(config.topics().alerts(),
                    config.topics().actions(), config.topics().dlq(), minSeverity, group, instanceId);
            CardBlocker blocker = CardBlocker.create(env.clientProperties(), settings, CardBlocker.TransactionObserver.NONE);
            out.printf(Locale.ROOT, "card-blocker %s: blocking cards on OPEN card alerts at or above %s from %s to %s "
                    + "(transactional.id %s). Ctrl-C stops.%n", group, minSeverity, config.topics().alerts(),
                    config.topics().actions(), settings.transactionalId());
            out.flush();
            SubscribeCommand.runInForeground("card-blocker", blocker, () -> String.format(Locale.ROOT,
                    "%d alerts read, %d cards blocked, %d transactions aborted and retried",
                    blocker.alertsRead(), blocker.actionsCommitted(), blocker.aborted()), out);
            return 0;
        }
    }
}

package io.vigil.app;

import io.vigil.config.VigilConfig;
import io.vigil.runtime.ActionableException;
import io.vigil.runtime.KafkaEnvironment;
import io.vigil.runtime.console.AnalystActions;

import org.apache.kafka.common.KafkaException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.Callable;

/** {@code vigil cards unblock ID}. */
@Command(name = "unblock",
        mixinStandardHelpOptions = true,
        description = {
                "Writes one UNBLOCK_CARD action for the card to the actions topic, in a producer transaction. The "
                        + "stream instances read it and take the card out of their blocked-cards table: its next "
                        + "transactions raise no blocked-card alert. A later alert at the card-blocker's severity "
                        + "blocks it again.",
                "The action id is derived from the card and --request-id: running the command again with the "
                        + "same request id names the same action, so a reader can tell a retry from a second unblock.",
                "Exits 0 when the action is committed, 1 when the cluster cannot be reached or refuses the write."
        })
final class CardsUnblockCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private ClusterOptions clusterOptions;

    @Parameters(index = "0", paramLabel = "CARD_ID", description = "The card to unblock, e.g. card-00000042.")
    private String cardId;

    @Option(names = "--reason", defaultValue = "unblocked by an analyst on the command line", paramLabel = "TEXT",
            description = "Why, recorded on the action (default: ${DEFAULT-VALUE}).")
    private String reason;

    @Mixin
    private AnalystCli analyst;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        VigilConfig config = clusterOptions.load();
        String request = analyst.requestId();
        try (KafkaEnvironment env = Cluster.connect(config, "vigil cards unblock");
             AnalystActions actions = AnalystActions.create(env.clientProperties(), config.topics(),
                     "vigil-cli-" + UUID.randomUUID())) {
            AnalystActions.Written written = actions.unblock(cardId, request, analyst.actor(), reason);
            out.printf(Locale.ROOT, "UNBLOCK_CARD %s for card %s committed to %s partition %d offset %d "
                    + "(request id %s)%n", written.id(), cardId, written.topic(), written.partition(),
                    written.offset(), request);
            return 0;
        } catch (IllegalStateException | KafkaException e) {
            // Kafka's own errors (a timeout finding the transaction coordinator, a refused write) end in one line.
            throw new ActionableException("could not unblock card " + cardId + ": " + e.getMessage(), e);
        }
    }
}

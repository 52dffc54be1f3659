package io.vigil.app;

import io.vigil.config.VigilConfig;
import io.vigil.events.Alert;
import io.vigil.events.LabelVerdict;
import io.vigil.runtime.ActionableException;
import io.vigil.runtime.KafkaEnvironment;
import io.vigil.runtime.console.AlertLookup;
import io.vigil.runtime.console.AnalystActions;

import org.apache.kafka.common.KafkaException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.Callable;

/** {@code vigil alerts label ALERT_ID fraud|legit}. */
@Command(name = "label",
        mixinStandardHelpOptions = true,
        description = {
                "Labels an alert as fraud or legitimate: one Label record on the labels topic (vigil.labels, "
                        + "compacted, keyed by alert id), in a producer transaction. Every console reads the labels "
                        + "and shows each rule's precision: of its labelled alerts, the share labelled fraud. "
                        + "Labelling an alert again replaces its earlier label.",
                "The alert is looked up on the alerts topic first (read from the beginning), for the rule that "
                        + "raised it. Exits 0 when the label is committed, 1 when the alert is not on the topic or "
                        + "the cluster cannot be reached, 2 for a verdict other than fraud or legit."
        })
final class AlertsLabelCommand implements Callable<Integer> {

    /** The verdicts as typed: lower case, as the console's buttons say them. */
    enum Verdict {
        fraud(LabelVerdict.FRAUD), legit(LabelVerdict.LEGIT);

        private final LabelVerdict value;

        Verdict(LabelVerdict value) {
            this.value = value;
        }
    }

    @Spec
    private CommandSpec spec;

    @Mixin
    private ClusterOptions clusterOptions;

    @Parameters(index = "0", paramLabel = "ALERT_ID", description = "The alert's id, as the console, 'vigil subscribe "
            + "alert-printer' or the alerts topic show it.")
    private String alertId;

    @Parameters(index = "1", paramLabel = "fraud|legit", description = "The verdict: ${COMPLETION-CANDIDATES}.")
    private Verdict verdict;

    @Option(names = "--note", defaultValue = "", paramLabel = "TEXT", description = "A note kept with the label.")
    private String note;

    @Mixin
    private AnalystCli analyst;

    @Option(names = "--timeout", defaultValue = "60s", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "How long to read the alerts topic looking for the alert (default: ${DEFAULT-VALUE}).")
    private Duration timeout;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        VigilConfig config = clusterOptions.load();
        String request = analyst.requestId();
        try (KafkaEnvironment env = Cluster.connect(config, "vigil alerts label")) {
            Alert alert = AlertLookup.find(env.clientProperties(), config.topics().alerts(), alertId, timeout)
                    .orElseThrow(() -> new ActionableException("no alert " + alertId + " on "
                            + config.topics().alerts() + "; check the id (the console shows it on every row)"));
            try (AnalystActions actions = AnalystActions.create(env.clientProperties(), config.topics(),
                    "vigil-cli-" + UUID.randomUUID())) {
                AnalystActions.Written written = actions.label(alert, verdict.value, request,
                        analyst.actor(), note);
                out.printf(Locale.ROOT, "Labelled alert %s (%s v%d on %s %s) %s: label %s committed to %s "
                                + "partition %d offset %d%n", alertId, alert.getRuleId(), alert.getRuleVersion(),
                        alert.getEntityType().name().toLowerCase(Locale.ROOT), alert.getEntityId(), verdict,
                        written.id(), written.topic(), written.partition(), written.offset());
            }
            return 0;
        } catch (IllegalStateException | KafkaException e) {
            // Kafka's own errors (a timeout finding the transaction coordinator, a refused write) end in one line.
            throw new ActionableException("could not label alert " + alertId + ": " + e.getMessage(), e);
        }
    }
}

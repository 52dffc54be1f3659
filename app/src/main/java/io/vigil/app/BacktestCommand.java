package io.vigil.app;

import io.vigil.runtime.ActionableException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.vigil.lab.backtest.Backtest;
import io.vigil.lab.backtest.BacktestReport;
import io.vigil.runtime.rules.RuleBook;
import io.vigil.runtime.rules.RulesTopic;
import io.vigil.runtime.KafkaEnvironment;
import io.vigil.config.ReferenceClock;
import io.vigil.config.RuleSet;
import io.vigil.config.VigilConfig;
import io.vigil.loadgen.GroundTruth;
import io.vigil.loadgen.Injection;
import io.vigil.topology.RuleSetCheck;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Collection;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code vigil backtest}: what a candidate rules file would have alerted on, against the live rules. */
@Command(name = "backtest",
        mixinStandardHelpOptions = true,
        description = {
                "Replays the recorded input topics (transactions and telemetry: every partition, read_committed, "
                        + "in offset order) through the detectors twice, with the rules live on the rules topic and "
                        + "with the candidate rules in --rules, and reports per rule the alerts under each. With "
                        + "--ground-truth (the generator's JSON lines) it also reports precision and recall.",
                "Reads only: no consumer group, nothing written, live processing untouched. Each replay starts with "
                        + "empty per-entity state at --from. Silence is judged in event time; the blocked-card rule "
                        + "is not replayed (it answers live actions)."
        })
final class BacktestCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private ClusterOptions clusterOptions;

    @Option(names = "--rules", required = true, paramLabel = "FILE",
            description = "Candidate rules YAML file, in the format of vigil-rules.yaml.")
    private Path rulesFile;

    @Option(names = "--from", paramLabel = "TIME", converter = TimeConverter.class,
            description = "Replay events from TIME on: an ISO-8601 instant (2026-11-23T12:00:00Z) or a duration "
                    + "before now (30m). Default: the beginning of the topics.")
    private Instant from;

    @Option(names = "--to", paramLabel = "TIME", converter = TimeConverter.class,
            description = "Replay events up to TIME, same forms. Default: the end of the topics when the replay starts.")
    private Instant to;

    @Option(names = "--ground-truth", paramLabel = "FILE",
            description = "The generator's ground truth (JSON lines, one injection each) to score precision and recall.")
    private Path groundTruthFile;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the report as JSON to FILE.")
    private Path jsonFile;

    @Override
    public Integer call() throws IOException {
        if (from != null && to != null && to.isBefore(from)) {
            throw new ParameterException(spec.commandLine(), "--to " + to + " is before --from " + from);
        }
        PrintWriter out = spec.commandLine().getOut();
        // A backtest judges event times against the recording's own clock, never today's wall clock: an event is
        // refused when it was too far ahead of the moment the broker recorded it, as it was (or would have been) live.
        VigilConfig loaded = clusterOptions.load();
        VigilConfig config = loaded.withInput(loaded.input().withReferenceClock(ReferenceClock.RECORD));
        RuleSet candidate = RuleSet.load(rulesFile);
        try {
            RuleSetCheck.check(candidate, config.streams().grace());
        } catch (IllegalArgumentException cannotRun) {
            throw new ActionableException("Rules file '" + rulesFile + "' cannot run: " + cannotRun.getMessage());
        }
        Optional<Collection<Injection>> truth = Optional.empty();
        if (groundTruthFile != null) {
            try {
                truth = Optional.of(GroundTruth.readJsonLines(groundTruthFile).injections());
            } catch (IOException e) {
                throw new ActionableException("Cannot read ground truth '" + groundTruthFile + "': " + e.getMessage(), e);
            }
        }
        try (KafkaEnvironment env = Cluster.connect(config, "vigil backtest")) {
            RuleBook book = new RulesTopic(env.clientProperties(), config.topics().rules()).read();
            RuleSet live = book.isEmpty() ? config.rules() : book.asRuleSet();
            String liveDescription = book.isEmpty()
                    ? String.format(Locale.ROOT, "%d configured rules (%s holds none)", live.rules().size(),
                    config.topics().rules())
                    : String.format(Locale.ROOT, "%d rules live on %s", live.rules().size(), config.topics().rules());
            out.printf("Replaying %s and %s with the live and the candidate rules...%n", config.topics().transactions(),
                    config.topics().telemetry());
            out.flush();
            BacktestReport report = Backtest.run(new Backtest.Inputs(env.clientProperties(),
                    config.topics().transactions(), config.topics().telemetry(), live, liveDescription, candidate,
                    String.format(Locale.ROOT, "%d rules in %s", candidate.rules().size(), rulesFile),
                    config.streams().grace(), config.input(), Optional.ofNullable(from), Optional.ofNullable(to), truth), line -> {
                        out.println(line);
                        out.flush();
                    });
            report.printTable(out);
            if (jsonFile != null) {
                new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(jsonFile.toFile(), report.toJson());
                out.println("Report written to " + jsonFile);
            }
            out.flush();
            return 0;
        }
    }
}

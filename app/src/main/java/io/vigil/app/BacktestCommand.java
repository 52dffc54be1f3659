package io.vigil.app;

import io.vigil.config.ReferenceClock;
import io.vigil.config.RuleSet;
import io.vigil.config.VigilConfig;
import io.vigil.lab.backtest.Backtest;
import io.vigil.lab.backtest.BacktestReport;
import io.vigil.lab.backtest.Sweep;
import io.vigil.lab.backtest.SweepReport;
import io.vigil.loadgen.GroundTruth;
import io.vigil.loadgen.Injection;
import io.vigil.runtime.ActionableException;
import io.vigil.runtime.KafkaEnvironment;
import io.vigil.runtime.rules.RuleBook;
import io.vigil.runtime.rules.RulesTopic;
import io.vigil.topology.RuleSetCheck;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
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
                "With --sweep RULE.PARAM=V1,V2,... it instead replays once per value (in one pass over the "
                        + "topics), with the rules in --rules or else the live rules and that one parameter changed, "
                        + "and prints the rule's precision and recall per value against --ground-truth, with a PNG "
                        + "of the curve (--sweep-chart).",
                "Reads only: no consumer group, nothing written, live processing untouched. Each replay starts with "
                        + "empty per-entity state at --from. Silence is judged in event time; the blocked-card rule "
                        + "is not replayed (it answers live actions)."
        })
final class BacktestCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private ClusterOptions clusterOptions;

    @Option(names = "--rules", paramLabel = "FILE",
            description = "Candidate rules YAML file, in the format of vigil-rules.yaml; required unless --sweep "
                    + "is given, where it is the base the parameter is varied in (default there: the live rules).")
    private Path rulesFile;

    @Option(names = "--sweep", paramLabel = "RULE.PARAM=V1,V2,...",
            description = "Vary one parameter of one rule (or its cooldown), e.g. amount-anomaly.zThreshold=4,5,6,8 "
                    + "or duplicate-transaction.window=30s,60s,2m, and report the rule's precision and recall per "
                    + "value. Needs --ground-truth.")
    private String sweep;

    @Option(names = "--sweep-chart", paramLabel = "FILE",
            description = "Where --sweep writes its PNG: precision and recall by value, and the precision-recall "
                    + "curve (default: sweep-RULE-PARAM.png in the current directory).")
    private Path sweepChart;

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
        if (rulesFile == null && sweep == null) {
            throw new ParameterException(spec.commandLine(), "Give --rules FILE (a candidate to compare), "
                    + "--sweep RULE.PARAM=V1,V2,... (a parameter to vary), or both");
        }
        if (sweep != null && groundTruthFile == null) {
            throw new ParameterException(spec.commandLine(), "--sweep needs --ground-truth: precision and recall are "
                    + "measured against it");
        }
        PrintWriter out = spec.commandLine().getOut();
        // A backtest judges event times against the recording's own clock, never today's wall clock: an event is
        // refused when it was too far ahead of the moment the broker recorded it, as it was (or would have been) live.
        VigilConfig loaded = clusterOptions.load();
        VigilConfig config = loaded.withInput(loaded.input().withReferenceClock(ReferenceClock.RECORD));
        RuleSet candidate = rulesFile == null ? null : RuleSet.load(rulesFile);
        if (candidate != null) {
            try {
                RuleSetCheck.check(candidate, config.streams().grace());
            } catch (IllegalArgumentException cannotRun) {
                throw new ActionableException("Rules file '" + rulesFile + "' cannot run: " + cannotRun.getMessage());
            }
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
            if (sweep != null) {
                return sweep(env, config, candidate == null ? live : candidate, truth.orElseThrow(), out);
            }
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

    private int sweep(KafkaEnvironment env, VigilConfig config, RuleSet base, Collection<Injection> truth,
                      PrintWriter out) throws IOException {
        Sweep engine;
        try {
            engine = new Sweep(base, Sweep.Parameter.parse(sweep), config.streams().grace(), config.input());
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        out.printf("Replaying %s and %s once for each of %d values of %s...%n", config.topics().transactions(),
                config.topics().telemetry(), engine.parameter().values().size(), engine.parameter());
        out.flush();
        SweepReport report = Backtest.sweep(env.clientProperties(), config.topics().transactions(),
                config.topics().telemetry(), engine, Optional.ofNullable(from), Optional.ofNullable(to), truth, line -> {
                    out.println(line);
                    out.flush();
                });
        report.printTable(out);
        Path chart = sweepChart != null ? sweepChart
                : Path.of("sweep-" + engine.parameter().ruleId() + "-" + engine.parameter().name() + ".png");
        report.writeChart(chart);
        out.println("Curve written to " + chart);
        if (jsonFile != null) {
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(jsonFile.toFile(), report.toJson());
            out.println("Report written to " + jsonFile);
        }
        out.flush();
        return 0;
    }
}

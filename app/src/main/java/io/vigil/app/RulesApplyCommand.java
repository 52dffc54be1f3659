package io.vigil.app;

import io.vigil.config.ConfigException;
import io.vigil.config.RuleSet;
import io.vigil.config.RuleSpec;
import io.vigil.config.VigilConfig;
import io.vigil.runtime.ActionableException;
import io.vigil.runtime.KafkaEnvironment;
import io.vigil.runtime.rules.RuleBook;
import io.vigil.runtime.rules.RulePlan;
import io.vigil.runtime.rules.RulesTopic;
import io.vigil.topology.RuleSetCheck;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code vigil rules apply FILE}: validate a rules file, show what it changes, publish it. */
@Command(name = "apply",
        mixinStandardHelpOptions = true,
        description = {
                "Validates every rule in FILE (unknown detector, missing or out-of-range parameter, and a changed "
                        + "rule whose version does not rise above the one live on the rules topic), shows what "
                        + "changes (added, changed, unchanged, removed), and publishes the new rule records in one "
                        + "transaction.",
                "A live rule that FILE no longer has is published again disabled, one version up. On any problem "
                        + "the message names the rule and the field, nothing is published and the exit code is 1."
        })
final class RulesApplyCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private ClusterOptions clusterOptions;

    @Parameters(index = "0", paramLabel = "FILE",
            description = "Rules YAML file, in the format of the built-in vigil-rules.yaml.")
    private Path file;

    @Option(names = "--dry-run", description = "Validate and show the changes, but publish nothing.")
    private boolean dryRun;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        VigilConfig config = clusterOptions.load();
        // The file first: its mistakes are reported even when no cluster is reachable.
        RuleSet candidate = RuleSet.load(file);
        try {
            RuleSetCheck.check(candidate, config.streams().grace());
        } catch (IllegalArgumentException cannotRun) {
            throw new ActionableException("Rules file '" + file + "' cannot run: " + cannotRun.getMessage());
        }
        try (KafkaEnvironment env = Cluster.connect(config, "vigil rules apply")) {
            RulesTopic topic = new RulesTopic(env.clientProperties(), config.topics().rules());
            RuleBook live = topic.read();
            RulePlan plan = RulePlan.of(candidate, live.inForce(), topic.name());
            if (!plan.problems().isEmpty()) {
                throw new ConfigException(plan.problems());
            }
            print(out, plan, live, topic.name());
            if (dryRun) {
                out.println("Dry run: nothing published.");
            } else if (plan.toPublish().isEmpty()) {
                out.printf("Nothing to publish: the rules live on %s already match %s.%n", topic.name(), file);
            } else {
                topic.publish(plan.toPublish(), live.inForce().values());
                out.printf(Locale.ROOT, "Published %d rule record(s) to %s as one change, in one transaction; "
                        + "running stream instances switch to the new set at once, for the events that follow.%n",
                        plan.toPublish().size(), topic.name());
            }
            out.flush();
            return 0;
        }
    }

    private void print(PrintWriter out, RulePlan plan, RuleBook live, String topic) {
        if (live.isEmpty()) {
            out.printf("%s holds no rules yet, so the configured rules are in force; publishing makes the topic's "
                    + "rules the ones in force.%n", topic);
        }
        out.printf(Locale.ROOT, "%s against %s (%d rule(s) live):%n", file, topic, live.inForce().size());
        out.printf(Locale.ROOT, "  %-24s %-6s %-6s %s%n", "RULE", "LIVE", "NEW", "CHANGE");
        for (RulePlan.Step step : plan.steps()) {
            out.printf(Locale.ROOT, "  %-24s %-6s %-6s %s%n", step.ruleId(), version(step.live()),
                    version(step.publish()), describe(step));
        }
    }

    private static String version(RuleSpec rule) {
        return rule == null ? "-" : "v" + rule.version();
    }

    private static String describe(RulePlan.Step step) {
        return switch (step.change()) {
            case ADDED -> "added";
            case UNCHANGED -> "unchanged";
            case CHANGED -> "changed: " + String.join(", ", step.details());
            case REMOVED -> "removed from the file: published disabled";
            case ALREADY_DISABLED -> "removed from the file, already disabled";
        };
    }
}

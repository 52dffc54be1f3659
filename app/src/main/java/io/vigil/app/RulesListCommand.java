package io.vigil.app;

import io.vigil.config.Durations;
import io.vigil.config.RuleSpec;
import io.vigil.config.VigilConfig;
import io.vigil.runtime.KafkaEnvironment;
import io.vigil.runtime.rules.RuleBook;
import io.vigil.runtime.rules.RulesTopic;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/** {@code vigil rules list}: the rules live on the rules topic. */
@Command(name = "list",
        mixinStandardHelpOptions = true,
        description = "Shows the rules live on the rules topic (what running stream instances have in force), and "
                + "any records there that were ignored as malformed or not increasing.")
final class RulesListCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private ClusterOptions clusterOptions;

    @Option(names = "--json", description = "Print the live rules as JSON instead of a table.")
    private boolean json;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        VigilConfig config = clusterOptions.load();
        try (KafkaEnvironment env = Cluster.connect(config, "vigil rules list")) {
            RuleBook live = new RulesTopic(env.clientProperties(), config.topics().rules()).read();
            if (json) {
                out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                        .writeValueAsString(toJson(live, config)));
            } else {
                printTable(out, live, config);
            }
            out.flush();
            return 0;
        }
    }

    private static void printTable(PrintWriter out, RuleBook live, VigilConfig config) {
        String topic = config.topics().rules();
        if (live.isEmpty()) {
            out.printf(Locale.ROOT, "%s holds no rules: the %d configured rules are in force. 'vigil rules apply "
                    + "FILE' publishes rules; 'vigil demo' publishes the configured ones when the topic is empty.%n",
                    topic, config.rules().rules().size());
        } else {
            out.printf(Locale.ROOT, "Rules live on %s: %d%n", topic, live.inForce().size());
            out.printf(Locale.ROOT, "  %-24s %-7s %-22s %-8s %-9s %-8s %s%n", "RULE", "VERSION", "DETECTOR",
                    "ENABLED", "SEVERITY", "COOLDOWN", "PARAMETERS");
            for (RuleSpec rule : live.inForce().values()) {
                out.printf(Locale.ROOT, "  %-24s %-7s %-22s %-8s %-9s %-8s %s%n", rule.id(), "v" + rule.version(),
                        rule.detector(), rule.enabled() ? "yes" : "no", rule.severity(),
                        Durations.format(rule.cooldown()), parameters(rule));
            }
        }
        if (!live.ignored().isEmpty()) {
            out.println("Ignored records (the rule in force under their key stayed):");
            for (RuleBook.Ignored ignored : live.ignored()) {
                out.printf(Locale.ROOT, "  partition %d offset %d: %s%n", ignored.partition(), ignored.offset(),
                        ignored.reason());
            }
        }
    }

    private static String parameters(RuleSpec rule) {
        return new TreeMap<>(rule.parameters()).entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", "));
    }

    private static Map<String, Object> toJson(RuleBook live, VigilConfig config) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("topic", config.topics().rules());
        json.put("configuredDefaultsInForce", live.isEmpty());
        List<Map<String, Object>> rules = new ArrayList<>();
        for (RuleSpec rule : live.inForce().values()) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("id", rule.id());
            r.put("version", rule.version());
            r.put("detector", rule.detector());
            r.put("enabled", rule.enabled());
            r.put("severity", rule.severity());
            r.put("cooldown", Durations.format(rule.cooldown()));
            r.put("parameters", new TreeMap<>(rule.parameters()));
            rules.add(r);
        }
        json.put("rules", rules);
        json.put("ignored", live.ignored().stream().map(i -> Map.of("partition", i.partition(), "offset", i.offset(),
                "reason", i.reason())).toList());
        return json;
    }
}

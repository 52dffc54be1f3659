package io.vigil.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigil.config.RuleSpec;
import io.vigil.embedded.EmbeddedKafkaBroker;
import io.vigil.embedded.testkit.KafkaTestKit;
import io.vigil.events.Rule;
import io.vigil.serdes.AvroSerdes;
import io.vigil.serdes.registry.MockSchemaRegistry;
import io.vigil.topology.RuleChange;
import io.vigil.topology.RuleRecords;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/** {@code vigil rules apply} and {@code vigil rules list} against a real broker, each test on its own topics. */
class RulesCommandTest {

    private static final String SCOPE = "rules-command-test-" + UUID.randomUUID();
    private static EmbeddedKafkaBroker broker;

    @TempDir
    Path dir;
    private final CapturedRun vigil = new CapturedRun();
    private final StringWriter out = vigil.out;
    private final StringWriter err = vigil.err;

    @BeforeAll
    static void start() {
        broker = EmbeddedKafkaBroker.start(0, null);
    }

    @AfterAll
    static void stop() {
        if (broker != null) {
            broker.close();
        }
        MockSchemaRegistry.dropScope(SCOPE);
    }

    @Test
    void shouldPublishEveryRuleAndListThemWhenTheTopicIsEmpty() throws Exception {
        // Given a fresh deployment and the shipped rules file
        Path config = config("t1");

        // When
        int applied = run("rules", "apply", defaults().toString(), "--config", config.toString());
        String applyOut = out.toString();
        out.getBuffer().setLength(0);
        int listed = run("rules", "list", "--config", config.toString());

        // Then every rule was added and is live at v1, published as one change: eleven tagged rule records and
        // the marker listing the whole set, which the list neither shows as a rule nor as an ignored record
        assertEquals(0, applied, err::toString);
        assertTrue(applyOut.contains("  velocity                 -      v1     added"), applyOut);
        assertTrue(applyOut.contains("Published 11 rule record(s) to t1.rules as one change, in one transaction"),
                applyOut);
        assertEquals(0, listed, err::toString);
        assertTrue(out.toString().contains("Rules live on t1.rules: 11"), out::toString);
        assertTrue(out.toString().contains("  velocity                 v1      velocity               yes      HIGH      "
                + "10m      maxCount=5, window=60s"), out::toString);
        assertFalse(out.toString().contains("Ignored records"), out::toString);
        assertEquals(12, records("t1.rules"));
        assertEquals(11, markerMembers("t1.rules").size());
        assertEquals("1", markerMembers("t1.rules").get("velocity"));
    }

    @Test
    void shouldExitOneNamingRuleAndFieldAndPublishNothingWhenAChangedRuleKeepsItsVersion() throws Exception {
        // Given the shipped rules live
        Path config = config("t2");
        assertEquals(0, run("rules", "apply", defaults().toString(), "--config", config.toString()), err::toString);

        // When a file changes velocity's limit but not its version
        Path stale = write("stale.yaml", defaultsText().replace("maxCount: 5", "maxCount: 4"));
        int exit = run("rules", "apply", stale.toString(), "--config", config.toString());

        // Then exit 1, one line naming rule and field, and the topic is as it was
        assertEquals(1, exit);
        assertEquals("vigil rules apply: Rule 'velocity': field 'version' = '1' is not increasing: expected a version "
                + "above 1, the version live on t2.rules" + System.lineSeparator(), err.toString());
        assertEquals(12, records("t2.rules"));
    }

    @Test
    void shouldPublishOnlyTheChangedRuleWhenItsVersionRises() throws Exception {
        // Given the shipped rules live
        Path config = config("t3");
        assertEquals(0, run("rules", "apply", defaults().toString(), "--config", config.toString()), err::toString);
        out.getBuffer().setLength(0);

        // When velocity v2 lowers the limit to 3, first as a dry run
        Path v2 = write("v2.yaml", defaultsText().replace("  - id: velocity\n    version: 1",
                "  - id: velocity\n    version: 2").replace("maxCount: 5", "maxCount: 3"));
        int dryRun = run("rules", "apply", v2.toString(), "--dry-run", "--config", config.toString());
        long afterDryRun = records("t3.rules");
        int applied = run("rules", "apply", v2.toString(), "--config", config.toString());

        // Then the dry run published nothing, the real one only velocity v2 and a marker listing the whole set
        // after the change (velocity at v2, the ten others at v1), and the plan said so
        assertEquals(0, dryRun, err::toString);
        assertEquals(0, applied, err::toString);
        assertEquals(12, afterDryRun);
        assertEquals(14, records("t3.rules"));
        Map<String, String> members = markerMembers("t3.rules");
        assertEquals(11, members.size());
        assertEquals("2", members.get("velocity"));
        assertEquals("1", members.get("amount-anomaly"));
        assertTrue(out.toString().contains("  velocity                 v1     v2     changed: maxCount 5 -> 3"), out::toString);
        assertTrue(out.toString().contains("  amount-anomaly           v1     -      unchanged"), out::toString);
        assertTrue(out.toString().contains("Dry run: nothing published."), out::toString);
        assertTrue(out.toString().contains("Published 1 rule record(s)"), out::toString);
    }

    @Test
    void shouldPublishTheRuleDisabledOneVersionUpWhenItLeavesTheFile() throws Exception {
        // Given the shipped rules live
        Path config = config("t4");
        assertEquals(0, run("rules", "apply", defaults().toString(), "--config", config.toString()), err::toString);
        out.getBuffer().setLength(0);

        // When a file without the flatline rule is applied
        String text = defaultsText();
        int start = text.indexOf("  # A humidity sensor");
        int end = text.indexOf("  # A device that has sent nothing");
        Path without = write("without.yaml", text.substring(0, start) + text.substring(end));
        int applied = run("rules", "apply", without.toString(), "--config", config.toString());
        out.getBuffer().setLength(0);
        run("rules", "list", "--config", config.toString());

        // Then flatline is live as v2, disabled
        assertEquals(0, applied, err::toString);
        assertTrue(out.toString().contains("  flatline                 v2      flatline               no "), out::toString);
    }

    @Test
    void shouldListIgnoredRecordsWhenAMalformedRuleReachesTheTopic() throws Exception {
        // Given the shipped rules live, and a v2 of velocity with an impossible limit written past the CLI
        Path config = config("t5");
        assertEquals(0, run("rules", "apply", defaults().toString(), "--config", config.toString()), err::toString);
        Rule malformed = RuleRecords.toRecord(new RuleSpec("velocity", 2, "velocity", true, "HIGH",
                Duration.ofMinutes(10), Map.of("maxCount", "5", "window", "60s")));
        malformed.getParameters().put("maxCount", "-1");
        KafkaTestKit.produce(clients(), "t5.rules", List.of(malformed), Rule::getRuleId);
        out.getBuffer().setLength(0);

        // When
        int exit = run("rules", "list", "--config", config.toString());

        // Then v1 is still live and the bad record is shown with its reason
        assertEquals(0, exit, err::toString);
        assertTrue(out.toString().contains("  velocity                 v1 "), out::toString);
        assertTrue(out.toString().contains("Ignored records (the rule in force under their key stayed):"), out::toString);
        assertTrue(out.toString().contains(": Rule 'velocity': parameter 'maxCount' = '-1' is out of range: expected "
                + "an integer between 1 and 10000"), out::toString);
    }

    private int run(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--bootstrap-servers", broker.bootstrapServers(), "--schema-registry-url", "mock://" + SCOPE));
        return vigil.execute(all.toArray(String[]::new));
    }

    private static Map<String, Object> clients() {
        return Map.of("bootstrap.servers", broker.bootstrapServers(), "schema.registry.url", "mock://" + SCOPE);
    }

    private long records(String topic) {
        return KafkaTestKit.readAll(clients(), topic, true).size();
    }

    /** The rule versions listed by the newest rule-set marker on {@code topic}, by rule id. */
    private Map<String, String> markerMembers(String topic) {
        Deserializer<Rule> rules = AvroSerdes.specific(Rule.class, clients(), false).deserializer();
        ConsumerRecord<String, byte[]> marker = KafkaTestKit.readAll(clients(), topic, true).stream()
                .filter(r -> RuleChange.MARKER_KEY.equals(r.key())).reduce((first, second) -> second).orElseThrow();
        assertTrue(marker.headers().lastHeader(RuleChange.CHANGE_HEADER) != null, "marker without change header");
        Map<String, String> members = new TreeMap<>();
        rules.deserialize(topic, marker.headers(), marker.value()).getParameters()
                .forEach((id, version) -> members.put(id.toString(), version.toString()));
        return members;
    }

    /** A properties file giving this test its own topics, one partition each. */
    private Path config(String prefix) throws IOException {
        StringBuilder props = new StringBuilder("vigil.topic.partitions=1\n");
        for (String role : List.of("transactions", "telemetry", "rules", "alerts", "incidents", "actions", "dlq")) {
            props.append("vigil.topic.").append(role).append('=').append(prefix).append('.').append(role).append('\n');
        }
        return write(prefix + ".properties", props.toString());
    }

    private Path defaults() throws IOException {
        return write("vigil-rules.yaml", defaultsText());
    }

    private static String defaultsText() throws IOException {
        try (InputStream in = RulesCommandTest.class.getResourceAsStream("/vigil-rules.yaml")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }
}

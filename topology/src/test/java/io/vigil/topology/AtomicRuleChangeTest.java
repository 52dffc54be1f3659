package io.vigil.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vigil.config.RuleSet;
import io.vigil.config.RuleSpec;
import io.vigil.config.StoreType;
import io.vigil.config.VigilConfig;
import io.vigil.events.Rule;
import io.vigil.topology.testkit.VigilTestDriver;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Issue 12, part 3: a change of several rules published together switches from the old set to the new one at once.
 * The rules topic alone feeds {@link LiveRules} here, which the stream threads read; an observer thread stands for
 * a stream thread processing meanwhile.
 */
class AtomicRuleChangeTest {

    private static final Instant T0 = Instant.parse("2026-11-23T12:00:00Z");

    private final VigilConfig config = VigilConfig.defaults();
    private final LiveRules live = new LiveRules(new RuleSet(List.of(velocity(1), testing(1), duplicate(1))));

    @TempDir
    Path stateDir;
    private VigilTestDriver vigil;
    private TopologyTestDriver driver;
    private TestInputTopic<String, Rule> rules;

    @BeforeEach
    void setUp() {
        // The rules topology alone, under the properties a stream instance runs with.
        vigil = VigilTestDriver.of(config, stateDir);
        Topology topology = new Topology();
        new RulesTopology(vigil.serdes().rules(), live, rs -> RuleSetCheck.check(rs, Duration.ofSeconds(30)),
                StoreType.IN_MEMORY, new RulesMetrics(new SimpleMeterRegistry(), live)).addTo(topology);
        driver = vigil.start(topology, T0);
        rules = vigil.input(vigil.serdes().rules());
        // The set in force before the change, published one rule at a time as older publishers did.
        for (RuleSpec rule : List.of(velocity(1), testing(1), duplicate(1))) {
            rules.pipeInput(rule.id(), RuleRecords.toRecord(rule), T0);
        }
    }

    @AfterEach
    void tearDown() {
        vigil.close();
    }

    @Test
    void shouldNeverShowAMixWhenThreeRulesChangeTogether() throws InterruptedException {
        // Given a thread reading the rules in force all along, as a stream thread does before each event
        Set<Map<String, Integer>> seen = ConcurrentHashMap.newKeySet();
        AtomicBoolean done = new AtomicBoolean();
        Thread observer = new Thread(() -> {
            while (!done.get()) {
                seen.add(live.current().versions());
            }
        }, "observer");
        observer.start();

        // When a change of the three rules is published, record by record, checking what is in force in between
        List<ProducerRecord<String, Rule>> change = RuleChange.records(config.topics().rules(),
                List.of(velocity(2), testing(2), duplicate(2)), List.of(velocity(1), testing(1), duplicate(1)));
        List<Map<String, Integer>> between = new java.util.ArrayList<>();
        for (ProducerRecord<String, Rule> record : change) {
            rules.pipeInput(new TestRecord<>(record.key(), record.value(), record.headers(), T0));
            between.add(live.current().versions());
        }
        done.set(true);
        observer.join();
        seen.add(live.current().versions());

        // Then the old set stayed in force until the marker, and then the new set as a whole
        Map<String, Integer> before = Map.of("card-testing", 1, "duplicate-transaction", 1, "velocity", 1);
        Map<String, Integer> after = Map.of("card-testing", 2, "duplicate-transaction", 2, "velocity", 2);
        assertEquals(List.of(before, before, before, after), between);
        assertEquals(Set.of(before, after), seen);
    }

    @Test
    void shouldCompleteTheChangeWhenItsRecordsArriveAfterTheMarker() {
        // Given the records of a change read out of order (they sit in different partitions of the rules topic)
        List<ProducerRecord<String, Rule>> change = RuleChange.records(config.topics().rules(),
                List.of(velocity(2), testing(2)), List.of(velocity(1), testing(1), duplicate(1)));
        ProducerRecord<String, Rule> marker = change.get(2);

        // When the marker comes first
        pipe(marker);
        Map<String, Integer> afterMarker = live.current().versions();
        pipe(change.get(0));
        Map<String, Integer> afterOne = live.current().versions();
        pipe(change.get(1));

        // Then nothing changes until the last member is in
        Map<String, Integer> before = Map.of("card-testing", 1, "duplicate-transaction", 1, "velocity", 1);
        assertEquals(List.of(before, before, Map.of("card-testing", 2, "duplicate-transaction", 1, "velocity", 2)),
                List.of(afterMarker, afterOne, live.current().versions()));
    }

    @Test
    void shouldStillApplyASingleRuleRecordAtOnceWhenItCarriesNoChangeHeader() {
        // When an older publisher writes one rule without the header
        rules.pipeInput("velocity", RuleRecords.toRecord(velocity(2)), T0);

        // Then it is in force at once, as before
        assertEquals(Map.of("card-testing", 1, "duplicate-transaction", 1, "velocity", 2), live.current().versions());
    }

    private void pipe(ProducerRecord<String, Rule> record) {
        rules.pipeInput(new TestRecord<>(record.key(), record.value(), record.headers(), T0));
    }

    private static RuleSpec velocity(int version) {
        return new RuleSpec("velocity", version, "velocity", true, "HIGH", Duration.ofMinutes(10),
                Map.of("maxCount", String.valueOf(6 - version), "window", "60s"));
    }

    private static RuleSpec testing(int version) {
        return new RuleSpec("card-testing", version, "card-testing", true, "HIGH", Duration.ofMinutes(30),
                Map.of("window", "10m", "smallAmountMinor", String.valueOf(100 * version), "minCount", "5",
                        "minMerchants", "4"));
    }

    private static RuleSpec duplicate(int version) {
        return new RuleSpec("duplicate-transaction", version, "duplicate-transaction", true, "MEDIUM",
                Duration.ofMinutes(10), Map.of("window", version + "m"));
    }
}

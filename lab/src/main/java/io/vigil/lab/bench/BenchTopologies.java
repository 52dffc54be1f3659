package io.vigil.lab.bench;

import io.micrometer.core.instrument.MeterRegistry;
import io.vigil.config.VigilConfig;
import io.vigil.detectors.fraud.CardDetection;
import io.vigil.topology.LiveRules;
import io.vigil.topology.RuleSetCheck;
import io.vigil.topology.RulesMetrics;
import io.vigil.topology.RulesTopology;
import io.vigil.topology.TransactionTopology;
import io.vigil.topology.VigilSerdes;
import org.apache.kafka.streams.Topology;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** The stream topologies the bench's detection stages run, wired as {@code VigilTopology} wires them. */
final class BenchTopologies {

    private BenchTopologies() {
    }

    /**
     * Card-fraud detection exactly as {@code VigilTopology} wires it: the rules topic as a global store feeding
     * the rules in force, and the transaction topology following them, with the blocked-cards table from the
     * actions topic.
     */
    static Topology cardDetection(VigilConfig config, Map<String, Object> clients, MeterRegistry meters) {
        VigilSerdes serdes = new VigilSerdes(config.topics(), clients);
        Duration grace = config.streams().grace();
        LiveRules rules = new LiveRules(config.rules());
        Topology topology = new Topology();
        new RulesTopology(serdes.rules(), rules, ruleSet -> RuleSetCheck.check(ruleSet, grace),
                config.streams().storeType(), new RulesMetrics(meters, rules))
                .addTo(topology);
        new TransactionTopology(serdes.transactions(), serdes.alerts(), Optional.empty(),
                CardDetection.fromRules(config.rules(), grace), config.streams().storeType(),
                config.streams().cacheMaxBytes() > 0, meters)
                .withRules(rules, grace)
                .withBlockedCards(serdes.actions())
                .addTo(topology);
        return topology;
    }
}

package io.vigil.lab.bench;

import io.vigil.config.VigilConfig;
import io.vigil.detectors.fraud.CardDetection;
import io.vigil.detectors.telemetry.DeviceDetection;
import io.vigil.topology.EscalationTopology;
import io.vigil.topology.LiveRules;
import io.vigil.topology.RuleSetCheck;
import io.vigil.topology.RulesMetrics;
import io.vigil.topology.RulesTopology;
import io.vigil.topology.TelemetryTopology;
import io.vigil.topology.TransactionTopology;
import io.vigil.topology.VigilSerdes;

import io.micrometer.core.instrument.MeterRegistry;
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

    /**
     * Device detection and escalation exactly as {@code VigilTopology} wires them: the rules global store, the
     * telemetry topology (per-device state and the silence-deadline index, idle expiry on) writing alerts, and the
     * escalation topology reading those alerts back into incidents. Card detection is left out: this stage's
     * backlog holds only readings.
     */
    static Topology telemetryAndEscalation(VigilConfig config, Map<String, Object> clients, MeterRegistry meters) {
        VigilSerdes serdes = new VigilSerdes(config.topics(), clients);
        Duration grace = config.streams().grace();
        boolean caching = config.streams().cacheMaxBytes() > 0;
        LiveRules rules = new LiveRules(config.rules());
        Topology topology = new Topology();
        new RulesTopology(serdes.rules(), rules, ruleSet -> RuleSetCheck.check(ruleSet, grace),
                config.streams().storeType(), new RulesMetrics(meters, rules))
                .addTo(topology);
        new TelemetryTopology(serdes.telemetry(), serdes.alerts(), Optional.empty(),
                DeviceDetection.fromRules(config.rules(), grace), config.streams().storeType(), caching, meters)
                .withRules(rules, grace)
                .withInput(config.input())
                .withIdleExpiry(config.expiry().devices())
                .addTo(topology);
        new EscalationTopology(serdes.alerts(), serdes.incidents(), config.escalation(), config.streams().storeType(),
                caching, meters)
                .withExpiry(config.input().referenceClock())
                .addTo(topology);
        return topology;
    }
}

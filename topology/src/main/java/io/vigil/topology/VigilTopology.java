package io.vigil.topology;

import io.vigil.config.StoreType;
import io.vigil.config.VigilConfig;
import io.vigil.detectors.fraud.CardDetection;
import io.vigil.detectors.telemetry.DeviceDetection;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyConfig;

import java.time.Duration;
import java.util.Map;
import java.util.Properties;

/**
 * Vigil's whole application as one Kafka Streams topology, in four parts that share nothing but topics:
 * <ol>
 *   <li>the rules topic as a global store, feeding the rules in force ({@link RulesTopology}, {@link LiveRules});</li>
 *   <li>card-fraud detection on the transactions topic, with the blocked-cards table from the actions topic
 *       ({@link TransactionTopology});</li>
 *   <li>device detection on the telemetry topic ({@link TelemetryTopology});</li>
 *   <li>escalation of alerts into incidents ({@link EscalationTopology}).</li>
 * </ol>
 * No part repartitions, so one {@code application.id} scales all of them by adding instances.
 */
public final class VigilTopology {

    private VigilTopology() {
    }

    public static Topology build(VigilConfig config, Map<String, ?> serdeConfig, MeterRegistry registry) {
        VigilSerdes serdes = new VigilSerdes(config.topics(), serdeConfig);
        boolean caching = config.streams().cacheMaxBytes() > 0;
        StoreType storeType = config.streams().storeType();
        Duration grace = config.streams().grace();
        LiveRules rules = new LiveRules(config.rules());
        Topology topology = newTopology();
        new RulesTopology(serdes.rules(), rules, rs -> RuleSetCheck.check(rs, grace), storeType,
                new RulesMetrics(registry, rules))
                .addTo(topology);
        new TransactionTopology(serdes.transactions(), serdes.alerts(), config.topics().lateTransactions(),
                CardDetection.fromRules(config.rules(), grace), storeType, caching, registry)
                .withRules(rules, grace)
                .withBlockedCards(serdes.actions())
                .withInput(config.input())
                .withIdleExpiry(config.expiry().cards())
                .addTo(topology);
        new TelemetryTopology(serdes.telemetry(), serdes.alerts(), config.topics().lateTelemetry(),
                DeviceDetection.fromRules(config.rules(), grace), storeType, caching, registry)
                .withRules(rules, grace)
                .withInput(config.input())
                .withIdleExpiry(config.expiry().devices())
                .addTo(topology);
        new EscalationTopology(serdes.alerts(), serdes.incidents(), config.escalation(), storeType, caching, registry)
                .withExpiry(config.input().referenceClock())
                .addTo(topology);
        return topology;
    }

    /**
     * A topology whose config has the global processing-exception handler on, as every instance runs it
     * ({@link StreamsProperties}): a bare {@code new Topology()} builds a default config that warns, once per
     * instance, that it is off. Only topology-level settings are read from this config; the placeholders for the
     * required client settings are never used to connect.
     */
    private static Topology newTopology() {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "vigil");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
        return new Topology(new TopologyConfig(new StreamsConfig(props)));
    }
}

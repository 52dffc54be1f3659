package io.vigil.topology;

import io.micrometer.core.instrument.MeterRegistry;
import io.vigil.config.StoreType;
import io.vigil.config.VigilConfig;
import io.vigil.detectors.fraud.CardDetection;
import io.vigil.detectors.telemetry.DeviceDetection;
import org.apache.kafka.streams.Topology;

import java.util.Map;

/**
 * Vigil's whole detection application as one Kafka Streams topology: card-fraud detection on the
 * transactions topic and device detection on the telemetry topic, as independent sub-topologies (no shared
 * store, no repartition), so one {@code application.id} scales both by adding instances.
 */
public final class VigilTopology {

    private VigilTopology() {
    }

    public static Topology build(VigilConfig config, Map<String, ?> serdeConfig, MeterRegistry registry) {
        VigilSerdes serdes = new VigilSerdes(config.topics(), serdeConfig);
        boolean caching = config.streams().cacheMaxBytes() > 0;
        StoreType storeType = config.streams().storeType();
        Topology topology = new Topology();
        new TransactionTopology(serdes.transactions(), serdes.alerts(), config.topics().lateTransactions(),
                CardDetection.fromRules(config.rules(), config.streams().grace()), storeType, caching, registry)
                .addTo(topology);
        new TelemetryTopology(serdes.telemetry(), serdes.alerts(), config.topics().lateTelemetry(),
                DeviceDetection.fromRules(config.rules(), config.streams().grace()), storeType, caching, registry)
                .addTo(topology);
        return topology;
    }
}

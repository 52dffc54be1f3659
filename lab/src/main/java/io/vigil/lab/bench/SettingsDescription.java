package io.vigil.lab.bench;

import io.vigil.config.VigilConfig;
import io.vigil.loadgen.LoadGenerator;
import io.vigil.runtime.KafkaEnvironment;

import org.apache.kafka.common.utils.AppInfoParser;

import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.Map;

/** Every setting a bench run used, as the report's {@code settings} object: what a reader needs to repeat it. */
final class SettingsDescription {

    private SettingsDescription() {
    }

    static Map<String, Object> of(BenchSettings settings, KafkaEnvironment env) {
        VigilConfig base = env.config();
        Map<String, Object> producer = LoadGenerator.producerProperties(env.clientProperties());
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("events", settings.events());
        s.put("repeat", settings.repeat());
        s.put("partitions", base.topics().partitions());
        s.put("streamThreads", settings.threads());
        s.put("cards", settings.cards());
        s.put("scenarioEventsPerSec", settings.scenarioEventsPerSec());
        s.put("injectionsPerMinute", settings.injectionsPerMinute());
        s.put("latencyDurationSec", settings.latencyDuration().toMillis() / 1000.0);
        s.put("latencyLoad", settings.latencyLoad());
        s.put("latencyInjectionsPerMinute", settings.latencyInjectionsPerMinute());
        s.put("seed", settings.seed());
        s.put("floorStateBytes", settings.floorStateBytes());
        s.put("commitIntervalMs", base.streams().commitInterval().toMillis());
        s.put("stateStore", base.streams().storeType().configValue());
        s.put("cacheMaxBytes", base.streams().cacheMaxBytes());
        s.put("producerAcks", String.valueOf(producer.get("acks")));
        s.put("producerCompression", String.valueOf(producer.get("compression.type")));
        s.put("producerLingerMs", String.valueOf(producer.get("linger.ms")));
        s.put("producerBatchSize", String.valueOf(producer.get("batch.size")));
        s.put("embeddedBroker", env.embedded());
        s.put("bootstrapServers", env.embedded() ? "embedded" : base.kafka().bootstrapServers().orElse(""));
        s.put("throughputMeasuredAs", "backlog events / (first record processed, from the stream threads' "
                + "process-total metric, to consumer-group lag 0 on the input topic)");
        s.put("cores", Runtime.getRuntime().availableProcessors());
        // Other processes on the machine take CPU from every stage: the load says how quiet the machine was.
        s.put("loadAverageAtStart", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        s.put("heapMaxBytes", HeapWatch.maxBytes());
        s.put("java", System.getProperty("java.version"));
        s.put("kafka", AppInfoParser.getVersion());
        return s;
    }
}

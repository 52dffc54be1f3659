package io.vigil.topology.testkit;

import io.vigil.config.VigilConfig;
import io.vigil.serdes.registry.MockSchemaRegistry;
import io.vigil.topology.StreamsProperties;
import io.vigil.topology.Topic;
import io.vigil.topology.VigilSerdes;
import io.vigil.topology.VigilTopology;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;

import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;

/**
 * A {@link TopologyTestDriver} configured as a stream instance is: the properties come from the production
 * {@link StreamsProperties} for the test's {@link VigilConfig} (application id, exception handlers, DLQ topic, the
 * DLQ counter on {@link #meters()}), and the topology is {@link VigilTopology} unless a test drives one part of it.
 * Serdes talk to a {@code mock://} schema registry of their own, dropped on {@link #close()}.
 *
 * <pre>{@code
 * try (VigilTestDriver vigil = VigilTestDriver.of(config, stateDir)) {
 *     TopologyTestDriver driver = vigil.start(T0);
 *     vigil.input(vigil.serdes().transactions()).pipeInput(...);
 * }
 * }</pre>
 *
 * <p>Only what a driver cannot honour is changed: there is no broker, the state lives in the test's directory,
 * and the guarantee is at-least-once, because the 4.3.0 test driver under exactly_once_v2 drops the DLQ record
 * of a deserialization failure (the handler returns it, but it never reaches the output topic); the real-broker
 * tests check the DLQ under exactly-once.
 */
public final class VigilTestDriver implements AutoCloseable {

    private final VigilConfig config;
    private final Path stateDir;
    private final MeterRegistry meters;
    private final String registryScope = "vigil-test-" + UUID.randomUUID();
    private final Map<String, Object> serdeConfig;
    private final VigilSerdes serdes;
    private TopologyTestDriver driver;

    private VigilTestDriver(VigilConfig config, Path stateDir, MeterRegistry meters) {
        this.config = config;
        this.stateDir = stateDir;
        this.meters = meters;
        // The configured Kafka properties (e.g. a test's own registry url) go to the serdes too, as in production;
        // the mock registry url is this driver's own.
        Map<String, Object> clients = new HashMap<>(config.kafka().properties());
        clients.put("schema.registry.url", "mock://" + registryScope);
        this.serdeConfig = Map.copyOf(clients);
        this.serdes = new VigilSerdes(config.topics(), serdeConfig);
    }

    public static VigilTestDriver of(VigilConfig config, Path stateDir) {
        return of(config, stateDir, new SimpleMeterRegistry());
    }

    /** A driver whose topology and DLQ handlers report to {@code meters}. */
    public static VigilTestDriver of(VigilConfig config, Path stateDir, MeterRegistry meters) {
        return new VigilTestDriver(config, stateDir, meters);
    }

    /** The whole application, its wall clock at {@code wallClock}. Starting again closes the previous driver. */
    public TopologyTestDriver start(Instant wallClock) {
        return start(VigilTopology.build(config, serdeConfig, meters), wallClock);
    }

    /**
     * One part of the application (built with {@link #serdes()}), under the same properties. Starting again closes
     * the previous driver and keeps the registry: a restarted instance reads what the first one wrote.
     */
    public TopologyTestDriver start(Topology topology, Instant wallClock) {
        if (driver != null) {
            driver.close();
        }
        driver = new TopologyTestDriver(topology, properties(), wallClock);
        return driver;
    }

    /** The production properties of an instance of {@link #config()}, with what a test driver needs changed. */
    public Properties properties() {
        Properties props = StreamsProperties.forInstance(config, "test", meters, Optional.empty());
        props.putIfAbsent(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.AT_LEAST_ONCE);
        return props;
    }

    public TopologyTestDriver driver() {
        if (driver == null) {
            throw new IllegalStateException("not started");
        }
        return driver;
    }

    public <K, V> TestInputTopic<K, V> input(Topic<K, V> topic) {
        return driver().createInputTopic(topic.name(), topic.keySerde().serializer(), topic.valueSerde().serializer());
    }

    public <K, V> TestOutputTopic<K, V> output(Topic<K, V> topic) {
        return driver().createOutputTopic(topic.name(), topic.keySerde().deserializer(),
                topic.valueSerde().deserializer());
    }

    /** The dead-letter topic, as raw bytes: a DLQ record carries the original bytes of what failed. */
    public TestOutputTopic<byte[], byte[]> dlq() {
        return driver().createOutputTopic(config.topics().dlq(), new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
    }

    /** The changelog topic Kafka Streams names after the application id and the store. */
    public String changelogTopic(String store) {
        return config.streams().applicationId() + "-" + store + "-changelog";
    }

    public VigilConfig config() {
        return config;
    }

    public VigilSerdes serdes() {
        return serdes;
    }

    public Map<String, Object> serdeConfig() {
        return serdeConfig;
    }

    public MeterRegistry meters() {
        return meters;
    }

    @Override
    public void close() {
        try {
            if (driver != null) {
                driver.close();
            }
        } finally {
            MockSchemaRegistry.dropScope(registryScope);
        }
    }
}

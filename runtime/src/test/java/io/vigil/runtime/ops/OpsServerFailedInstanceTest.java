package io.vigil.runtime.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigil.config.KafkaSettings;
import io.vigil.config.VigilConfig;
import io.vigil.embedded.EmbeddedKafkaBroker;
import io.vigil.embedded.testkit.KafkaTestKit;
import io.vigil.runtime.InstanceHealth;
import io.vigil.topology.StreamInstance;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * Issue 12, part 8: a stream instance that reaches ERROR is visible. On a real broker, an exception escapes a
 * processor (no handler takes it), the instance shuts down to ERROR, and both probes answer 503 with the cause.
 */
class OpsServerFailedInstanceTest {

    private static EmbeddedKafkaBroker broker;

    @TempDir
    Path stateDir;

    @BeforeAll
    static void start() {
        broker = EmbeddedKafkaBroker.start(0, null);
    }

    @AfterAll
    static void stop() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void shouldAnswerDownAndNotReadyWithTheCauseWhenTheInstanceReachesError() throws Exception {
        // Given an instance whose only processor throws on every record, served by an ops server
        Map<String, Object> clients = Map.of("bootstrap.servers", broker.bootstrapServers());
        KafkaTestKit.createTopics(clients, 1, "failing.in");
        Topology topology = new Topology();
        topology.addSource("in", Serdes.String().deserializer(), Serdes.String().deserializer(), "failing.in");
        topology.addProcessor("explode", () -> new Processor<String, String, Void, Void>() {
            @Override
            public void process(Record<String, String> r) {
                throw new IllegalStateException("detector bug on " + r.key());
            }
        }, "in");
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "ops-failed-instance-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put("consumer.auto.offset.reset", "earliest");
        try (OpsServer ops = OpsServer.start("127.0.0.1", 0, OpsServer.newRegistry());
             StreamInstance instance = new StreamInstance("instance-1", topology, props)) {
            // The console the ops server starts reads the alerts topic: it needs the cluster's addresses.
            ops.attach(instance, VigilConfig.defaults().withKafka(KafkaSettings.of(Map.of(
                    "bootstrap.servers", broker.bootstrapServers(), "schema.registry.url", "mock://ops-failed-instance"))));
            instance.start();

            // When a record arrives
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of("bootstrap.servers",
                    broker.bootstrapServers()), new StringSerializer(), new StringSerializer())) {
                producer.send(new ProducerRecord<>("failing.in", "card-1", "x")).get();
            }
            assertTrue(KafkaTestKit.eventually(Duration.ofSeconds(120),
                    () -> instance.state() == KafkaStreams.State.ERROR), () -> "state " + instance.state());

            // Then /health is DOWN and /ready not ready, both with the state and the whole cause
            String cause = InstanceHealth.of(instance).describe();
            assertTrue(cause.startsWith("stream instance instance-1 failed (state ERROR): "), cause);
            assertTrue(cause.contains("IllegalStateException: detector bug on card-1"), cause);
            Map<String, Object> down = new LinkedHashMap<>();
            down.put("status", "DOWN");
            down.put("state", "ERROR");
            down.put("instanceId", "instance-1");
            down.put("cause", cause);
            assertEquals(new Answer(503, down), get(ops, "/health"));
            Map<String, Object> notReady = new LinkedHashMap<>();
            notReady.put("ready", false);
            notReady.put("state", "ERROR");
            notReady.put("instanceId", "instance-1");
            notReady.put("cause", cause);
            assertEquals(new Answer(503, notReady), get(ops, "/ready"));
        }
    }

    private record Answer(int status, Map<String, Object> body) {
    }

    @SuppressWarnings("unchecked")
    private static Answer get(OpsServer ops, String path) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(ops.url() + path)).GET().build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), new ObjectMapper().readValue(response.body(), LinkedHashMap.class));
    }
}

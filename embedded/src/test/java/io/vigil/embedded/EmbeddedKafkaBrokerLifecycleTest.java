package io.vigil.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Starting and stopping brokers: each test owns its broker, so none is shared here. */
class EmbeddedKafkaBrokerLifecycleTest {

    @Test
    void shouldDeleteTemporaryDirectoryWhenClosed() {
        // Given a broker started without a data directory
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(0, null);
        Path dataDir = broker.dataDir();
        assertTrue(Files.isRegularFile(dataDir.resolve("meta.properties")), "storage was formatted");

        // When it is closed, twice
        broker.close();
        broker.close();

        // Then its temporary directory is gone
        assertFalse(Files.exists(dataDir), dataDir + " still exists");
    }

    @Test
    void shouldKeepRecordsWhenRestartedOnSameDirectory(@TempDir Path tempDir) throws Exception {
        // Given a broker on an explicit directory that received a record
        Path dataDir = tempDir.resolve("kafka");
        String clusterId;
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(0, dataDir)) {
            clusterId = broker.clusterId();
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
                admin.createTopics(List.of(new NewTopic("kept", 1, (short) 1))).all().get();
            }
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(
                    Map.of("bootstrap.servers", broker.bootstrapServers()),
                    new StringSerializer(), new StringSerializer())) {
                producer.send(new ProducerRecord<>("kept", "k", "survives restart")).get();
            }
        }
        assertTrue(Files.isRegularFile(dataDir.resolve("meta.properties")), "data kept at close");

        // When a new broker starts on the same directory
        try (EmbeddedKafkaBroker restarted = EmbeddedKafkaBroker.start(0, dataDir)) {

            // Then it is the same cluster and the record is still there
            assertEquals(clusterId, restarted.clusterId());
            assertEquals(List.of("survives restart"), readAll(restarted, new TopicPartition("kept", 0)));
        }
    }

    @Test
    void shouldFailWithPortInUseWhenPortIsTaken() throws IOException {
        // Given a port some other server is bound to
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress("127.0.0.1", 0));

            // When a broker is asked to use it, then it refuses and names the port
            EmbeddedKafkaBroker.PortInUseException failure = assertThrows(
                    EmbeddedKafkaBroker.PortInUseException.class,
                    () -> EmbeddedKafkaBroker.start(taken.getLocalPort(), null));
            assertEquals(taken.getLocalPort(), failure.port());
        }
    }

    @Test
    void shouldRefuseDirectoryWhenItHoldsOtherFilesButNoKafkaStorage(@TempDir Path tempDir) throws IOException {
        // Given a directory with someone else's file in it
        Files.writeString(tempDir.resolve("notes.txt"), "not Kafka");

        // When a broker is asked to keep its data there, then it refuses and formats nothing
        IllegalArgumentException failure = assertThrows(IllegalArgumentException.class,
                () -> EmbeddedKafkaBroker.start(0, tempDir));
        assertTrue(failure.getMessage().contains("is not empty"), failure::getMessage);
        assertFalse(Files.exists(tempDir.resolve("meta.properties")));
    }

    private static List<String> readAll(EmbeddedKafkaBroker broker, TopicPartition partition) {
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(
                Map.of("bootstrap.servers", broker.bootstrapServers()),
                new StringDeserializer(), new StringDeserializer())) {
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (consumer.position(partition) < end && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(record -> values.add(record.value()));
            }
        }
        return values;
    }
}

package io.vigil.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigil.config.VigilConfig;
import io.vigil.embedded.EmbeddedKafkaBroker;
import io.vigil.events.Transaction;
import io.vigil.loadgen.GroundTruth;
import io.vigil.loadgen.Injection;
import io.vigil.serdes.AvroSerdes;
import io.vigil.serdes.registry.EmbeddedSchemaRegistry;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code vigil generate} against one real embedded broker and registry shared by the class. */
class GenerateCommandTest {

    private static final Pattern WARM_UP = Pattern.compile("Warm-up history: ([\\d,]+) events");

    private static EmbeddedKafkaBroker broker;
    private static EmbeddedSchemaRegistry registry;

    @TempDir
    Path dir;

    @BeforeAll
    static void startCluster() {
        broker = EmbeddedKafkaBroker.start(0, null);
        registry = EmbeddedSchemaRegistry.start(0);
    }

    @AfterAll
    static void stopCluster() {
        if (registry != null) {
            registry.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void shouldSendHistoryPlusNEventsAndRecordEveryCompleteInjectionWhenGivenEvents() throws Exception {
        // Given amount anomalies only (a single event each, so several complete within one second)
        Path truthFile = dir.resolve("truth.jsonl");

        // When 4,000 live events are generated at 2,000 events/s
        Run run = run("generate", "--bootstrap-servers", broker.bootstrapServers(),
                "--schema-registry-url", registry.url(), "--scenario", "fraud", "--events", "4000", "--rate", "2000",
                "--seed", "7",
                "--injections-per-minute", "0", "--inject", "amount-anomaly=600",
                "--ground-truth", truthFile.toString(), "--ground-truth-topic", "vigil.test.truth");

        // Then it succeeds, and the topic holds the warm-up history plus exactly 4,000 live events
        assertEquals(0, run.exitCode(), () -> run.output() + run.err());
        Matcher warmUp = WARM_UP.matcher(run.output());
        assertTrue(warmUp.find(), run::output);
        long history = Long.parseLong(warmUp.group(1).replace(",", ""));
        assertTrue(history > 0, run::output);
        Map<String, Transaction> sent = readTransactions(VigilConfig.defaults().topics().transactions());
        assertEquals(history + 4000, sent.size(), run::output);
        assertTrue(run.output().contains("Live: 4,000 events acknowledged"), run::output);

        // and the ground-truth file lists the completed injections, each on its card, with events that were sent
        List<Injection> injections = GroundTruth.readJsonLines(truthFile).injections();
        assertFalse(injections.isEmpty(), run::output);
        for (Injection injection : injections) {
            assertEquals("amount-anomaly", injection.pattern());
            assertEquals(1, injection.expectedAlerts());
            for (String eventId : injection.eventIds()) {
                Transaction tx = sent.get(eventId);
                assertTrue(tx != null, () -> "injected event " + eventId + " is not on the topic");
                assertEquals(injection.entityId(), tx.getCardId());
            }
        }
        // and the ground-truth topic holds the same injections, keyed by injection id
        List<ConsumerRecord<String, String>> truthRecords = readAll("vigil.test.truth", new StringDeserializer());
        assertEquals(injections.size(), truthRecords.size());
        Set<String> fileIds = new HashSet<>();
        injections.forEach(i -> fileIds.add(i.injectionId()));
        for (ConsumerRecord<String, String> record : truthRecords) {
            assertTrue(fileIds.contains(record.key()), record::key);
            Injection fromTopic = GroundTruth.readJsonLines(new StringReader(record.value())).injections().get(0);
            assertEquals(record.key(), fromTopic.injectionId());
        }
    }

    @Test
    void shouldExitTwoWhenEventsAndDurationAreBothGiven() {
        Run run = run("generate", "--events", "10", "--duration", "5s");

        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("mutually exclusive"), run::err);
    }

    @Test
    void shouldExitTwoNamingThePatternWhenInjectNamesAnUnknownOne() {
        Run run = run("generate", "--events", "10", "--inject", "teleportation=5");

        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("unknown pattern 'teleportation'"), run::err);
        assertTrue(run.err().contains("velocity"), run::err);
    }

    private Map<String, Transaction> readTransactions(String topic) {
        Deserializer<Transaction> values = AvroSerdes.specific(Transaction.class,
                Map.of("schema.registry.url", registry.url()), false).deserializer();
        Map<String, Transaction> byEventId = new HashMap<>();
        for (ConsumerRecord<String, Transaction> record : readAll(topic, values)) {
            byEventId.put(record.value().getEventId(), record.value());
        }
        return byEventId;
    }

    /** Every record in the topic, read from the beginning up to the end offsets as they are now. */
    private static <V> List<ConsumerRecord<String, V>> readAll(String topic, Deserializer<V> values) {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        List<ConsumerRecord<String, V>> records = new ArrayList<>();
        try (KafkaConsumer<String, V> consumer = new KafkaConsumer<>(props, new StringDeserializer(), values)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p)) && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }

    private static Run run(String... args) {
        StringWriter err = new StringWriter();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream original = System.out;
        int exitCode;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            CommandLine commandLine = VigilCommand.commandLine();
            commandLine.setErr(new PrintWriter(err, true));
            exitCode = commandLine.execute(args);
        } finally {
            System.setOut(original);
        }
        return new Run(exitCode, out.toString(StandardCharsets.UTF_8), err.toString());
    }

    private record Run(int exitCode, String output, String err) {
    }
}

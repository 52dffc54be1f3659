package io.vigil.subscribers.chain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigil.embedded.EmbeddedKafkaBroker;
import io.vigil.embedded.testkit.KafkaTestKit;
import io.vigil.events.Action;
import io.vigil.events.ActionType;
import io.vigil.events.Alert;
import io.vigil.events.EntityType;
import io.vigil.events.Incident;
import io.vigil.events.Severity;
import io.vigil.serdes.registry.MockSchemaRegistry;
import io.vigil.serdes.testkit.Events;
import io.vigil.subscribers.ErrorHeaders;
import io.vigil.subscribers.Notification;
import io.vigil.subscribers.NotificationSink;
import io.vigil.subscribers.Notifier;
import io.vigil.subscribers.WebhookSink;

import com.sun.net.httpserver.HttpServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;

/**
 * The notifier on the real broker: one notification per alert, incident and action, also when a record repeats,
 * when its offsets are lost and everything is read again, and across restarts; a webhook that keeps failing sends
 * the item to the DLQ with error headers, once.
 */
class NotifierIdempotenceTest {

    private static final Instant T0 = Instant.parse("2026-11-23T12:00:00Z");

    private static EmbeddedKafkaBroker broker;
    private static Map<String, Object> clients;
    private static final String SCOPE = "notifier-test-" + UUID.randomUUID();

    @BeforeAll
    static void start() {
        broker = EmbeddedKafkaBroker.start(0, null);
        clients = Map.of("bootstrap.servers", broker.bootstrapServers(), "schema.registry.url", "mock://" + SCOPE);
    }

    @AfterAll
    static void stop() {
        if (broker != null) {
            broker.close();
        }
        MockSchemaRegistry.dropScope(SCOPE);
    }

    @Test
    void shouldNotifyOncePerItemWhenRecordsRepeatAndOffsetsAreLostAcrossRestarts() throws Exception {
        // Given five alerts (one written twice), an incident and an action
        Notifier.Settings settings = topics("n1", "n1-notifier");
        List<Alert> alerts = new ArrayList<>(IntStream.range(0, 5).mapToObj(i -> alert("a" + i)).toList());
        alerts.add(alert("a2"));
        KafkaTestKit.produce(clients, settings.alertsTopic(), alerts, Alert::getEntityId);
        KafkaTestKit.produce(clients, settings.incidentsTopic(), List.of(incident("i1")), Incident::getEntityId);
        KafkaTestKit.produce(clients, settings.actionsTopic(), List.of(action("x1")), Action::getEntityId);
        CollectingSink sink = new CollectingSink();

        // When the notifier runs, then stops
        runUntil(settings, sink, n -> n.delivered() == 7 && n.skipped() == 1);

        // Then seven notifications, the repeated alert once
        assertEquals(expectedKeys(5), new TreeSet<>(sink.keys()));
        assertEquals(7, sink.keys().size());

        // When its committed offsets are lost (a crash before the commit) and it runs again: everything is re-read
        resetOffsets(settings);
        runUntil(settings, sink, n -> n.skipped() == 8);

        // Then nothing is notified again
        assertEquals(7, sink.keys().size());

        // When a new alert arrives for a third run
        KafkaTestKit.produce(clients, settings.alertsTopic(), List.of(alert("a5")), Alert::getEntityId);
        runUntil(settings, sink, n -> n.delivered() == 1);

        // Then only it is notified
        assertEquals(expectedKeys(6), new TreeSet<>(sink.keys()));
        assertEquals(8, sink.keys().size());
    }

    @Test
    void shouldDeadLetterOnceWithErrorHeadersWhenWebhookKeepsFailing() throws Exception {
        // Given a webhook that answers 500 to everything, two alerts and one unreadable alert record
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        List<String> requests = Collections.synchronizedList(new ArrayList<>());
        server.createContext("/hook", exchange -> {
            requests.add(exchange.getRequestHeaders().getFirst("Idempotency-Key"));
            exchange.sendResponseHeaders(500, -1);
            exchange.close();
        });
        server.start();
        try {
            Notifier.Settings settings = topics("n2", "n2-notifier");
            KafkaTestKit.produce(clients, settings.alertsTopic(), List.of(alert("b0"), alert("b1")), Alert::getEntityId);
            try (KafkaProducer<String, byte[]> raw = new KafkaProducer<>(new HashMap<>(clients), new StringSerializer(),
                    new ByteArraySerializer())) {
                raw.send(new ProducerRecord<>(settings.alertsTopic(), "card-x",
                        "not avro".getBytes(StandardCharsets.UTF_8))).get(30, TimeUnit.SECONDS);
            }
            WebhookSink webhook = new WebhookSink(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hook"),
                    new WebhookSink.Retry(2, Duration.ofMillis(1), Duration.ofMillis(1), Duration.ofSeconds(5)));

            // When the notifier runs
            runUntil(settings, webhook, n -> n.deadLettered() == 3);

            // Then each alert was tried twice, and all three records are on the DLQ with their bytes and the error
            assertEquals(List.of("alert:b0", "alert:b0", "alert:b1", "alert:b1"), requests.stream().sorted().toList());
            List<ConsumerRecord<String, byte[]>> originals = KafkaTestKit.readAll(clients, settings.alertsTopic(), true);
            List<ConsumerRecord<String, byte[]>> dead = KafkaTestKit.readAll(clients, settings.dlqTopic(), true);
            assertEquals(3, dead.size());
            for (ConsumerRecord<String, byte[]> letter : dead) {
                ConsumerRecord<String, byte[]> original = originals.stream()
                        .filter(o -> String.valueOf(o.offset()).equals(header(letter, ErrorHeaders.OFFSET))
                                && String.valueOf(o.partition()).equals(header(letter, ErrorHeaders.PARTITION)))
                        .findFirst().orElseThrow();
                assertArrayEquals(original.value(), letter.value());
                assertEquals(settings.alertsTopic(), header(letter, ErrorHeaders.TOPIC));
                assertEquals("notifier", header(letter, ErrorHeaders.SUBSCRIBER));
            }
            List<String> messages = dead.stream().map(d -> header(d, ErrorHeaders.MESSAGE)).sorted().toList();
            assertTrue(messages.stream().filter(m -> m.endsWith("after 2 attempts; last: HTTP 500")).count() == 2,
                    messages::toString);
            assertEquals(List.of("1", "2", "2"), dead.stream().map(d -> header(d, ErrorHeaders.ATTEMPTS)).sorted().toList());

            // When the notifier re-reads everything after lost offsets
            resetOffsets(settings);
            requests.clear();
            runUntil(settings, webhook, n -> n.skipped() == 2);

            // Then the dead-lettered alerts are not tried or dead-lettered again (the unreadable record is)
            assertTrue(requests.isEmpty(), requests::toString);
            assertEquals(4, KafkaTestKit.readAll(clients, settings.dlqTopic(), true).size());
        } finally {
            server.stop(0);
        }
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    private static Set<String> expectedKeys(int alerts) {
        Set<String> keys = new TreeSet<>();
        IntStream.range(0, alerts).forEach(i -> keys.add("alert:a" + i));
        keys.add("incident:i1");
        keys.add("action:x1");
        return keys;
    }

    /** Runs a notifier until {@code done} holds for it (60 s at most), then closes it. */
    private static void runUntil(Notifier.Settings settings, NotificationSink sink,
                                 java.util.function.Predicate<Notifier> done) throws Exception {
        Notifier notifier = Notifier.create(clients, settings, sink);
        Thread loop = new Thread(notifier, "test-notifier");
        loop.start();
        try {
            BooleanSupplier finished = () -> done.test(notifier);
            assertTrue(KafkaTestKit.eventually(Duration.ofSeconds(60), finished),
                    "delivered " + notifier.delivered() + ", skipped " + notifier.skipped() + ", dead-lettered "
                            + notifier.deadLettered());
            Thread.sleep(500);
        } finally {
            notifier.close();
            loop.join(30_000);
        }
    }

    private static void resetOffsets(Notifier.Settings settings) throws Exception {
        try (Admin admin = Admin.create(new HashMap<>(clients))) {
            Map<TopicPartition, OffsetAndMetadata> zero = new HashMap<>();
            for (String topic : List.of(settings.alertsTopic(), settings.incidentsTopic(), settings.actionsTopic())) {
                for (int p = 0; p < 2; p++) {
                    zero.put(new TopicPartition(topic, p), new OffsetAndMetadata(0));
                }
            }
            admin.alterConsumerGroupOffsets(settings.groupId(), zero).all().get(30, TimeUnit.SECONDS);
        }
    }

    private static Notifier.Settings topics(String prefix, String group) throws Exception {
        Notifier.Settings settings = new Notifier.Settings(prefix + ".alerts", prefix + ".incidents",
                prefix + ".actions", prefix + ".dlq", group);
        KafkaTestKit.createTopics(clients, 2, settings.alertsTopic(), settings.incidentsTopic(),
                settings.actionsTopic(), settings.dlqTopic());
        return settings;
    }

    private static Alert alert(String id) {
        return Events.anAlert().id(id).card("card-" + id).at(T0).build();
    }

    private static Incident incident(String id) {
        return Incident.newBuilder().setIncidentId(id).setEntityType(EntityType.CARD).setEntityId("card-a1")
                .setSeverity(Severity.HIGH).setAlertIds(List.of("a0", "a1")).setRuleIds(List.of("velocity"))
                .setWindowStart(T0).setWindowEnd(T0).setExplanation("2 alerts").build();
    }

    private static Action action(String id) {
        return Action.newBuilder().setActionId(id).setType(ActionType.BLOCK_CARD).setEntityType(EntityType.CARD)
                .setEntityId("card-a1").setAlertId("a1").setTimestamp(T0).setActor("card-blocker").setReason("r")
                .build();
    }

    /** A sink that keeps every key it was handed, repeats included. */
    private static final class CollectingSink implements NotificationSink {
        private final List<String> keys = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void deliver(Notification notification) {
            keys.add(notification.key());
        }

        @Override
        public String describe() {
            return "test sink";
        }

        List<String> keys() {
            return List.copyOf(keys);
        }
    }
}

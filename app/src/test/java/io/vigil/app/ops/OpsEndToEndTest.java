package io.vigil.app.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.vigil.app.VigilCommand;
import io.vigil.config.ConfigLoader;
import io.vigil.config.Directories;
import io.vigil.config.VigilConfig;
import io.vigil.embedded.EmbeddedKafkaBroker;
import io.vigil.events.Telemetry;
import io.vigil.events.Transaction;
import io.vigil.runtime.TopicBootstrap;
import io.vigil.runtime.ops.*;
import io.vigil.serdes.AvroSerdes;
import io.vigil.serdes.registry.MockSchemaRegistry;
import io.vigil.serdes.testkit.Events;
import io.vigil.topology.StreamInstance;
import io.vigil.topology.StreamsProperties;
import io.vigil.topology.VigilTopology;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.CloseOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.BooleanSupplier;

/**
 * Two stream instances of one application on the real embedded broker under exactly-once, each with its own ops
 * server, wired the way {@code vigil detect} wires one: metrics, readiness, interactive queries answered by
 * whichever instance is asked (forwarding to the owner), {@code vigil query}, every metric the Grafana dashboard
 * queries, the DLQ counter, and queries after the owner of a key goes away.
 *
 * <p>The tests share one broker and one deployment and run in order: the last one stops an instance.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OpsEndToEndTest {

    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final String BURST_CARD = "card-burst";
    private static final String DEVICE = "device-7";
    private static final int QUIET_CARDS = 20;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static EmbeddedKafkaBroker broker;
    private static Admin admin;
    private static Path stateDir;
    private static String registryScope;
    private static VigilConfig config;
    private static Map<String, Object> clients;
    private static final List<OpsServer> servers = new ArrayList<>();
    private static final List<StreamInstance> instances = new ArrayList<>();

    @BeforeAll
    static void startDeployment() throws Exception {
        broker = EmbeddedKafkaBroker.start(0, null, 2, EmbeddedKafkaBroker.DEFAULT_READY_TIMEOUT);
        stateDir = Files.createTempDirectory("vigil-ops-e2e-");
        registryScope = "ops-e2e-" + UUID.randomUUID();
        config = ConfigLoader.load(Map.of(), Optional.empty(), Map.of(
                "bootstrap.servers", broker.bootstrapServers(),
                "schema.registry.url", "mock://" + registryScope,
                "vigil.application.id", "ops-e2e",
                "vigil.topic.partitions", "2",
                "vigil.state.dir", stateDir.toString()));
        clients = new HashMap<>(config.kafka().properties());
        admin = Admin.create(clients);
        TopicBootstrap.ensure(admin, config.topics());

        for (int i = 1; i <= 2; i++) {
            startInstance("instance-" + i);
        }
        for (StreamInstance instance : instances) {
            instance.awaitRunning(WAIT);
        }
        produceEvents();
        awaitTrue("every event and the poison record processed", () -> {
            String metrics = scrapeAll();
            return accepted(metrics, "transactions") == 6 + QUIET_CARDS && accepted(metrics, "telemetry") == 1
                    && metrics.contains("vigil_dlq_records_total{source=\"deserialization\"} 1.0");
        });
    }

    /** Exactly what a {@code vigil detect --http-port} process does for its one instance. */
    private static void startInstance(String id) {
        PrometheusMeterRegistry meters = OpsServer.newRegistry();
        OpsServer ops = OpsServer.start("127.0.0.1", 0, meters);
        servers.add(ops);
        Properties props = StreamsProperties.forInstance(config, id, meters, Optional.of(ops.applicationServer()));
        StreamInstance instance = new StreamInstance(id, VigilTopology.build(config, clients, meters), props);
        instances.add(instance);
        ops.attach(instance, config);
        instance.start();
    }

    private static void produceEvents() {
        Instant now = Instant.now();
        try (KafkaProducer<String, Transaction> transactions = new KafkaProducer<>(clients, new StringSerializer(),
                AvroSerdes.specific(Transaction.class, clients, false).serializer());
             KafkaProducer<String, Telemetry> telemetry = new KafkaProducer<>(clients, new StringSerializer(),
                     AvroSerdes.specific(Telemetry.class, clients, false).serializer());
             KafkaProducer<String, byte[]> raw = new KafkaProducer<>(clients, new StringSerializer(),
                     new ByteArraySerializer())) {
            // Six payments within 30 s on one card: more than the default velocity limit of 5 per minute.
            for (int i = 0; i < 6; i++) {
                Transaction tx = transaction(BURST_CARD, "burst-" + i, now.minusSeconds(30 - 5L * i));
                transactions.send(new ProducerRecord<>(config.topics().transactions(), BURST_CARD, tx));
            }
            // One payment on each of several other cards, so both partitions hold state.
            for (int i = 0; i < QUIET_CARDS; i++) {
                String card = "card-" + i;
                transactions.send(new ProducerRecord<>(config.topics().transactions(), card,
                        transaction(card, "quiet-" + i, now)));
            }
            telemetry.send(new ProducerRecord<>(config.topics().telemetry(), DEVICE,
                    Events.aReading().id("reading-1").device(DEVICE).at(now).build()));
            raw.send(new ProducerRecord<>(config.topics().transactions(), "poison",
                    "not avro".getBytes(StandardCharsets.UTF_8)));
        }
    }

    private static Transaction transaction(String card, String eventId, Instant at) {
        return Events.aTransaction().id(eventId).card(card).at(at).build();
    }

    @AfterAll
    static void stopDeployment() {
        instances.parallelStream().forEach(i -> i.close(Duration.ofSeconds(20)));
        servers.forEach(OpsServer::close);
        if (admin != null) {
            admin.close();
        }
        if (broker != null) {
            broker.close();
        }
        MockSchemaRegistry.dropScope(registryScope);
        Directories.deleteRecursively(stateDir);
    }

    @Test
    @Order(1)
    void shouldAnswerReadyAndHealthyWhileEveryInstanceRuns() throws Exception {
        for (int i = 0; i < servers.size(); i++) {
            HttpResponse<String> ready = get(i, "/ready");
            assertEquals(200, ready.statusCode(), ready::body);
            JsonNode body = JSON.readTree(ready.body());
            assertEquals("RUNNING", body.path("state").asText());
            assertEquals("instance-" + (i + 1), body.path("instanceId").asText());
            assertEquals(200, status(i, "/health"));
        }
    }

    @Test
    @Order(2)
    void shouldAnswerWithTheOwnersCardStateWhicheverInstanceIsAsked() throws Exception {
        // When both instances are asked for the burst card: one owns it, the other forwards
        JsonNode fromFirst = JSON.readTree(get(0, "/cards/" + BURST_CARD).body());
        JsonNode fromSecond = JSON.readTree(get(1, "/cards/" + BURST_CARD).body());

        // Then both answers come from the same owner and are the same
        assertEquals(fromFirst, fromSecond);
        Set<String> addresses = new TreeSet<>(List.of(servers.get(0).applicationServer(),
                servers.get(1).applicationServer()));
        assertTrue(addresses.contains(fromFirst.path("servedBy").asText()), fromFirst::toPrettyString);
        assertEquals("card", fromFirst.path("entityType").asText());
        // And the state shows the six payments in the velocity window and the velocity episode still open
        JsonNode state = fromFirst.path("state");
        assertEquals(BURST_CARD, state.path("cardId").asText());
        assertEquals(6, state.path("recentTransactions").asInt());
        assertEquals(6, windowCount(state, "velocity"), state::toPrettyString);
        assertEquals("velocity", state.path("openAlerts").path(0).path("ruleId").asText(), state::toPrettyString);
        assertEquals(6, state.path("baseline").path("count").asInt());
    }

    @Test
    @Order(3)
    void shouldAnswerWithTheDeviceStateWhicheverInstanceIsAsked() throws Exception {
        for (int i = 0; i < servers.size(); i++) {
            HttpResponse<String> response = get(i, "/devices/" + DEVICE);
            assertEquals(200, response.statusCode(), response::body);
            JsonNode state = JSON.readTree(response.body()).path("state");
            assertEquals(DEVICE, state.path("deviceId").asText());
            assertEquals("reading-1", state.path("lastEventId").asText());
            assertEquals(21.5, state.path("metrics").path("temperature").path("newestValue").asDouble());
        }
    }

    @Test
    @Order(4)
    void shouldAnswer404WithAJsonErrorWhenTheEntityWasNeverSeen() throws Exception {
        for (int i = 0; i < servers.size(); i++) {
            HttpResponse<String> card = get(i, "/cards/card-never-seen");
            HttpResponse<String> device = get(i, "/devices/device-never-seen");

            assertEquals(404, card.statusCode(), card::body);
            assertTrue(JSON.readTree(card.body()).path("error").asText().contains("card 'card-never-seen' not found"));
            assertEquals(404, device.statusCode(), device::body);
            assertTrue(JSON.readTree(device.body()).path("error").asText().contains("not found"));
        }
    }

    @Test
    @Order(5)
    void shouldPrintTheStateWhenVigilQueryAsksAnyInstance() throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int found = run(out, err, "query", "card", BURST_CARD, "--url", servers.get(1).url().toString());

        assertEquals(0, found, err::toString);
        assertEquals(BURST_CARD, JSON.readTree(out.toString()).path("state").path("cardId").asText());

        StringWriter missingOut = new StringWriter();
        StringWriter missingErr = new StringWriter();
        int missing = run(missingOut, missingErr, "query", "device", "device-never-seen",
                "--url", servers.get(0).url().toString());

        assertEquals(1, missing);
        assertEquals("", missingOut.toString());
        assertTrue(missingErr.toString().startsWith("vigil query: device 'device-never-seen' not found"),
                missingErr::toString);
    }

    @Test
    @Order(6)
    void shouldExportEveryMetricNameTheDashboardQueries() throws Exception {
        JsonNode dashboard = JSON.readTree(dashboardFile().toFile());
        Set<String> queried = new TreeSet<>();
        dashboard.path("panels").forEach(panel -> panel.path("targets").forEach(target ->
                queried.addAll(metricNames(target.path("expr").asText()))));
        Set<String> exported = exportedNames(scrapeAll());

        Set<String> missing = new TreeSet<>(queried);
        missing.removeAll(exported);
        assertTrue(queried.size() >= 8, queried::toString);
        assertEquals(Set.of(), missing, "queried by the dashboard but not exported by a live instance");
    }

    @Test
    @Order(7)
    void shouldExportVigilsOwnMetersForEachInstance() {
        String all = scrapeAll();
        for (String expected : List.of(
                "vigil_events_total{disposition=\"accepted\",topology=\"transactions\"}",
                "vigil_alerts_total{rule=\"velocity\",severity=\"HIGH\",status=\"OPEN\",topology=\"transactions\"} 1.0",
                "vigil_alert_latency_seconds_count{topology=\"transactions\"} 1",
                "vigil_events_total{disposition=\"late\",topology=\"telemetry\"}",
                "vigil_rule_version{detector=\"velocity\",rule=\"velocity\"} 1.0",
                "vigil_state_entries{store=\"card-state\"}",
                "kafka_stream_thread_process_total{")) {
            assertTrue(all.contains(expected), () -> "no " + expected);
        }
        long cards = all.lines().filter(l -> l.startsWith("vigil_state_entries{store=\"card-state\"}"))
                .mapToLong(l -> (long) Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
        // RocksDB's estimate also counts overwrites not yet compacted away: between the distinct cards and the writes
        assertTrue(cards >= QUIET_CARDS + 1 && cards <= QUIET_CARDS + 6, "cards with state over the instances: " + cards);
    }

    @Test
    @Order(8)
    void shouldWriteAndCountTheUndeserializableRecordInTheDlqUnderExactlyOnce() {
        Map<String, Object> props = new HashMap<>(clients);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "ops-e2e-dlq-reader");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(config.topics().dlq()));
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (values.isEmpty() && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    values.add(new String(record.value(), StandardCharsets.UTF_8));
                }
            }
        }
        assertEquals(List.of("not avro"), values);
        assertTrue(scrapeAll().contains("vigil_dlq_records_total{source=\"deserialization\"} 1.0"));
    }

    @Test
    @Order(9)
    void shouldAnswerFromTheNewOwnerWhenTheOwnerOfACardStops() throws Exception {
        // Given the instance that owns the burst card stops, leaving the group as a scaled-down instance does
        String ownerAddress = JSON.readTree(get(0, "/cards/" + BURST_CARD).body()).path("servedBy").asText();
        int owner = servers.get(0).applicationServer().equals(ownerAddress) ? 0 : 1;
        int other = 1 - owner;
        instances.get(owner).streams().close(CloseOptions.groupMembershipOperation(
                CloseOptions.GroupMembershipOperation.LEAVE_GROUP).withTimeout(Duration.ofSeconds(30)));

        // Then the stopped instance is no longer ready (its server still answers, as in a process shutting down)
        HttpResponse<String> stopped = get(owner, "/ready");
        assertEquals(503, stopped.statusCode());
        assertEquals("NOT_RUNNING", JSON.readTree(stopped.body()).path("state").asText());

        // And the other instance takes the card's partition over and answers from its own, restored store
        awaitTrue("the remaining instance serving the burst card itself", () -> {
            HttpResponse<String> response = get(other, "/cards/" + BURST_CARD);
            return response.statusCode() == 200 && readTree(response.body()).path("servedBy").asText()
                    .equals(servers.get(other).applicationServer());
        });
        JsonNode state = JSON.readTree(get(other, "/cards/" + BURST_CARD).body()).path("state");
        assertEquals(6, windowCount(state, "velocity"), "state restored from the changelog");
    }

    private static int windowCount(JsonNode state, String ruleId) {
        for (JsonNode window : state.path("windows")) {
            if (ruleId.equals(window.path("ruleId").asText())) {
                return window.path("count").asInt();
            }
        }
        return fail("no window for " + ruleId + " in " + state);
    }

    private static int run(StringWriter out, StringWriter err, String... args) {
        var commandLine = VigilCommand.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine.execute(args);
    }

    private static HttpResponse<String> get(int server, String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(servers.get(server).url() + path))
                    .timeout(Duration.ofSeconds(20)).GET().build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static int status(int server, String path) {
        return get(server, path).statusCode();
    }

    private static String scrapeAll() {
        StringBuilder all = new StringBuilder();
        for (int i = 0; i < servers.size(); i++) {
            all.append(get(i, "/metrics").body()).append('\n');
        }
        return all.toString();
    }

    /** Events accepted by {@code topology}, summed over the instances' expositions in {@code metrics}. */
    private static long accepted(String metrics, String topology) {
        String prefix = "vigil_events_total{disposition=\"accepted\",topology=\"" + topology + "\"} ";
        return metrics.lines().filter(l -> l.startsWith(prefix))
                .mapToLong(l -> (long) Double.parseDouble(l.substring(prefix.length()))).sum();
    }

    /** The metric names in a Prometheus text exposition: the token before '{' or ' ' on each sample line. */
    private static Set<String> exportedNames(String exposition) {
        Set<String> names = new TreeSet<>();
        exposition.lines().filter(l -> !l.isBlank() && !l.startsWith("#")).forEach(l -> {
            int end = l.indexOf('{');
            names.add(l.substring(0, end >= 0 ? end : l.indexOf(' ')));
        });
        return names;
    }

    private static List<String> metricNames(String expression) {
        List<String> names = new ArrayList<>();
        var m = java.util.regex.Pattern.compile("\\b((?:vigil|kafka|jvm|process|system)_[a-zA-Z0-9_]+)")
                .matcher(expression);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    private static Path dashboardFile() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("deploy/grafana/dashboards/vigil.json");
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("deploy/grafana/dashboards/vigil.json not found above " + Path.of("").toAbsolutePath());
    }

    private static JsonNode readTree(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void awaitTrue(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return;
            }
            Thread.sleep(250);
        }
        fail("not within " + WAIT + ": " + what);
    }

}

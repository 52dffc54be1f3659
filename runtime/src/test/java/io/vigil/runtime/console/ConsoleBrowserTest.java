package io.vigil.runtime.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigil.config.ConfigLoader;
import io.vigil.config.DetectorCatalog;
import io.vigil.config.VigilConfig;
import io.vigil.embedded.EmbeddedKafkaBroker;
import io.vigil.embedded.testkit.KafkaTestKit;
import io.vigil.events.Action;
import io.vigil.events.ActionType;
import io.vigil.events.Alert;
import io.vigil.events.Channel;
import io.vigil.events.EntityType;
import io.vigil.events.Label;
import io.vigil.events.LabelVerdict;
import io.vigil.events.Transaction;
import io.vigil.runtime.TopicBootstrap;
import io.vigil.runtime.ops.OpsServer;
import io.vigil.serdes.AvroSerdes;
import io.vigil.serdes.registry.MockSchemaRegistry;
import io.vigil.topology.StateQuery;
import io.vigil.topology.StreamInstance;
import io.vigil.topology.StreamsProperties;
import io.vigil.topology.TransactionTopology;
import io.vigil.topology.VigilTopology;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The console in headless Chromium against one stream instance on the real embedded broker, wired as
 * {@code vigil detect --http-port} wires it: a velocity burst on a card appears in the live feed, searching the
 * card shows its state, the Unblock button writes UNBLOCK_CARD to the actions topic (and the card is really
 * unblocked: its next payment raises no blocked-card alert), and the fraud button writes a label that the
 * precision panel counts. Leaves a screenshot in {@code target/console-browser-test.png}.
 *
 * <p>The tests share the deployment and the browser and run in order, each building on the one before.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleBrowserTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String CARD = "card-console-7";
    private static final Path SCREENSHOT = Path.of("target", "console-browser-test.png");

    private static EmbeddedKafkaBroker broker;
    private static Path stateDir;
    private static Path profile;
    private static String registryScope;
    private static VigilConfig config;
    private static Map<String, Object> clients;
    private static OpsServer ops;
    private static StreamInstance instance;
    private static ChromeDriver browser;
    private static Instant start;

    @BeforeAll
    static void startDeploymentAndBrowser() throws Exception {
        HeadlessChromium.requireInstalled();
        broker = EmbeddedKafkaBroker.start(0, null, 2, EmbeddedKafkaBroker.DEFAULT_READY_TIMEOUT);
        stateDir = Files.createTempDirectory("vigil-console-test-");
        profile = Files.createTempDirectory("vigil-console-chromium-");
        registryScope = "console-" + UUID.randomUUID();
        config = ConfigLoader.load(Map.of(), Optional.empty(), Map.of(
                "bootstrap.servers", broker.bootstrapServers(),
                "schema.registry.url", "mock://" + registryScope,
                "vigil.application.id", "console-browser",
                "vigil.topic.partitions", "2",
                "vigil.state.dir", stateDir.toString()));
        clients = new HashMap<>(config.kafka().properties());
        try (Admin admin = Admin.create(clients)) {
            TopicBootstrap.ensure(admin, config.topics());
        }
        PrometheusMeterRegistry meters = OpsServer.newRegistry();
        ops = OpsServer.start("127.0.0.1", 0, meters);
        Properties props = StreamsProperties.forInstance(config, "instance-1", meters,
                Optional.of(ops.applicationServer()));
        instance = new StreamInstance("instance-1", VigilTopology.build(config, clients, meters), props);
        ops.attach(instance, config);
        instance.start();
        instance.awaitRunning(WAIT);
        browser = HeadlessChromium.start(profile, 1500, 1000);
        start = Instant.now();
    }

    @AfterAll
    static void stopEverything() throws Exception {
        if (browser != null) {
            browser.quit();
        }
        if (instance != null) {
            instance.close(Duration.ofSeconds(20));
        }
        if (ops != null) {
            ops.close();
        }
        if (broker != null) {
            broker.close();
        }
        MockSchemaRegistry.dropScope(registryScope);
        deleteRecursively(stateDir);
        deleteRecursively(profile);
    }

    @Test
    @Order(1)
    void shouldShowAnAlertInTheFeedWhenItIsCommitted() throws Exception {
        // Given the console open in the browser
        browser.get(ops.consoleUrl().toString());

        // When six payments within 30 s on one card (more than the velocity limit of 5 a minute) are processed
        for (int i = 0; i < 6; i++) {
            send(transaction("burst-" + i, start.minusSeconds(30 - 5L * i)));
        }

        // Then the velocity alert appears in the feed, pushed to the page
        WebElement row = await(() -> first("#feed tr[data-entity-id='" + CARD + "']"));
        assertTrue(row.getText().contains("velocity"), row::getText);
        assertTrue(row.getText().contains("HIGH"), row::getText);
    }

    @Test
    @Order(2)
    void shouldShowTheCardsStateWhenTheCardIsSearched() throws Exception {
        // Given the card blocked by an action on the actions topic, as the card-blocker would block it
        KafkaTestKit.produce(clients, config.topics().actions(), List.of(Action.newBuilder()
                .setActionId("block-" + CARD).setType(ActionType.BLOCK_CARD).setEntityType(EntityType.CARD)
                .setEntityId(CARD).setAlertId(null).setTimestamp(start.plusMillis(100)).setActor("card-blocker")
                .setReason("velocity v1 HIGH").build()), Action::getEntityId);
        assertTrue(KafkaTestKit.eventually(WAIT, ConsoleBrowserTest::blockedInStore), "block never reached the store");

        // When the card is searched
        browser.findElement(By.id("search-input")).sendKeys(CARD);
        browser.findElement(By.id("search-button")).click();

        // Then its state from the instance that owns it, its recent alert and its block are shown
        // (Rendered text: section titles come out upper-cased by the style sheet.)
        WebElement panel = await(() -> {
            WebElement p = browser.findElement(By.id("entity-panel"));
            return p.getText().contains("BLOCKED") && p.getText().contains("WINDOWS") ? p : null;
        });
        String text = panel.getText();
        assertTrue(text.contains("Card " + CARD), text);
        assertTrue(text.contains("velocity"), text);
        assertTrue(text.contains("6 in "), text);
        assertTrue(text.contains("RECENT ALERTS (1)"), text);
    }

    @Test
    @Order(3)
    void shouldWriteUnblockCardAndUnblockTheCardWhenUnblockIsClicked() throws Exception {
        // Given the blocked card's next payment raises a blocked-card alert (so the check below can fail)
        send(transaction("while-blocked", start.plusSeconds(1)));
        await(() -> first("#feed tr[data-entity-id='" + CARD + "'] .sev-CRITICAL"));

        // When the analyst clicks Unblock
        browser.findElement(By.id("unblock-button")).click();

        // Then one UNBLOCK_CARD by the console is committed to the actions topic and the store forgets the block
        assertTrue(KafkaTestKit.eventually(WAIT, () -> unblocks().size() == 1), "no UNBLOCK_CARD on the topic");
        assertEquals(ConsoleRoutes.ACTOR, unblocks().get(0).getActor());
        assertTrue(KafkaTestKit.eventually(WAIT, () -> !blockedInStore()), "the store still holds the block");
        // And the card's next payment, once committed, raises no blocked-card alert
        RecordMetadata after = send(transaction("after-unblock", start.plusSeconds(2)));
        assertTrue(KafkaTestKit.eventually(WAIT, () -> committedPast(after)), "payment never committed");
        assertEquals(1, blockedCardAlerts(), "exactly the alert raised while the card was blocked");
    }

    @Test
    @Order(4)
    void shouldWriteALabelAndCountItsPrecisionWhenAnAlertIsLabelledFraud() throws Exception {
        // Given the velocity alert in the feed
        WebElement row = await(() -> first("#feed tr[data-rule='velocity'][data-entity-id='" + CARD + "']"));
        String alertId = row.getAttribute("data-alert-id");

        // When the analyst labels it fraud
        row.findElement(By.cssSelector(".label-fraud")).click();

        // Then one FRAUD label for that alert and its rule is committed, and the precision panel counts it
        assertTrue(KafkaTestKit.eventually(WAIT, () -> labels().size() == 1), "no label on the topic");
        Label label = labels().get(0);
        assertEquals(alertId, label.getAlertId());
        assertEquals(LabelVerdict.FRAUD, label.getVerdict());
        assertEquals("velocity", label.getRuleId());
        WebElement precision = await(() -> {
            WebElement cell = first("#precision tr[data-rule='velocity'] td.precision");
            return cell != null && cell.getText().startsWith("100%") ? cell : null;
        });
        assertTrue(precision.isDisplayed());
        Files.createDirectories(SCREENSHOT.getParent());
        Files.write(SCREENSHOT, browser.getScreenshotAs(OutputType.BYTES));
    }

    private static WebElement first(String css) {
        List<WebElement> found = browser.findElements(By.cssSelector(css));
        return found.isEmpty() ? null : found.get(0);
    }

    private static WebElement await(java.util.function.Supplier<WebElement> probe) {
        return new WebDriverWait(browser, WAIT).until(driver -> probe.get());
    }

    private static boolean blockedInStore() {
        return StateQuery.lookup(instance.streams(), TransactionTopology.BLOCKED_CARDS_STORE, CARD,
                new HostInfo("127.0.0.1", ops.port())) instanceof StateQuery.Found<?>;
    }

    private static List<Action> unblocks() {
        return KafkaTestKit.readValues(clients, config.topics().actions(),
                        AvroSerdes.specific(Action.class, clients, false).deserializer()).stream()
                .filter(a -> a.getType() == ActionType.UNBLOCK_CARD && CARD.equals(a.getEntityId())).toList();
    }

    private static List<Label> labels() {
        return KafkaTestKit.readValues(clients, config.topics().labels(),
                AvroSerdes.specific(Label.class, clients, false).deserializer());
    }

    private static long blockedCardAlerts() {
        return KafkaTestKit.readValues(clients, config.topics().alerts(),
                        AvroSerdes.specific(Alert.class, clients, false).deserializer()).stream()
                .filter(a -> DetectorCatalog.BLOCKED_CARD_USED.equals(a.getDetector()) && CARD.equals(a.getEntityId()))
                .count();
    }

    /**
     * Whether the application committed its input offset past {@code record}: under exactly-once the alerts a
     * record raises commit in the same transaction, so none can still be on its way.
     */
    private static boolean committedPast(RecordMetadata record) {
        try (Admin admin = Admin.create(clients)) {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin
                    .listConsumerGroupOffsets(config.streams().applicationId()).partitionsToOffsetAndMetadata().get();
            OffsetAndMetadata committed = offsets.get(new TopicPartition(record.topic(), record.partition()));
            return committed != null && committed.offset() > record.offset();
        } catch (Exception e) {
            return false;
        }
    }

    private static RecordMetadata send(Transaction tx) throws Exception {
        try (KafkaProducer<String, Transaction> producer = new KafkaProducer<>(clients, new StringSerializer(),
                AvroSerdes.specific(Transaction.class, clients, false).serializer())) {
            return producer.send(new ProducerRecord<>(config.topics().transactions(), CARD, tx)).get();
        }
    }

    private static Transaction transaction(String eventId, Instant at) {
        return Transaction.newBuilder()
                .setEventId(eventId).setCardId(CARD).setTimestamp(at).setAmountMinor(2_500).setCurrency("EUR")
                .setMerchantId("m-" + eventId).setMerchantCategory("5411").setChannel(Channel.ECOMMERCE)
                .setLatitude(null).setLongitude(null).setCountry("DE").build();
    }

    private static void deleteRecursively(Path dir) throws Exception {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}

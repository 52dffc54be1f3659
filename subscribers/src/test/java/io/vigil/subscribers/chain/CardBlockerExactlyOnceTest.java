package io.vigil.subscribers.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigil.embedded.EmbeddedKafkaBroker;
import io.vigil.embedded.testkit.KafkaTestKit;
import io.vigil.events.Action;
import io.vigil.events.ActionType;
import io.vigil.events.Alert;
import io.vigil.events.Severity;
import io.vigil.serdes.AvroSerdes;
import io.vigil.serdes.registry.EmbeddedSchemaRegistry;
import io.vigil.serdes.testkit.Events;
import io.vigil.subscribers.ActionIds;
import io.vigil.subscribers.CardBlocker;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The card-blocker's exactly-once promise on the real broker: a card-blocker process killed with SIGKILL in the
 * middle of a transaction (its actions written to the log, not committed) and replaced by a new instance with the
 * same id leaves exactly one BLOCK_CARD action per eligible alert, none lost and none doubled.
 */
class CardBlockerExactlyOnceTest {

    private static final String ALERTS = "eo.alerts";
    private static final String ACTIONS = "eo.actions";
    private static final String DLQ = "eo.dlq";
    private static final String GROUP = "eo-card-blocker";
    private static final String INSTANCE = "1";

    private static EmbeddedKafkaBroker broker;
    private static EmbeddedSchemaRegistry registry;
    private static Map<String, Object> clients;

    @BeforeAll
    static void start() throws Exception {
        broker = EmbeddedKafkaBroker.start(0, null);
        registry = EmbeddedSchemaRegistry.start(0);
        clients = Map.of("bootstrap.servers", broker.bootstrapServers(), "schema.registry.url", registry.url());
        KafkaTestKit.createTopics(clients, 3, ALERTS, ACTIONS, DLQ);
    }

    @AfterAll
    static void stop() {
        if (registry != null) {
            registry.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void shouldWriteOneActionPerEligibleAlertWhenTheBlockerIsKilledMidTransactionAndRestarted() throws Exception {
        // Given a card-blocker process that has committed the actions for a first batch of alerts
        List<Alert> first = alerts(0, 12);
        List<Alert> second = alerts(12, 30);
        KafkaTestKit.produce(clients, ALERTS, first, Alert::getEntityId);
        Process child = startChild();
        try {
            BufferedReader stdout = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            assertTrue(KafkaTestKit.eventually(Duration.ofSeconds(60),
                    () -> committedActions().size() == eligible(first).size()), "first batch committed");

            // When it is killed with SIGKILL in the middle of the transaction for the second batch
            KafkaTestKit.produce(clients, ALERTS, second, Alert::getEntityId);
            String marker = CompletableFuture.supplyAsync(() -> awaitLine(stdout, "MID-TRANSACTION"))
                    .get(60, TimeUnit.SECONDS);
            int inFlight = Integer.parseInt(marker.split(" ")[1]);
            child.destroyForcibly().waitFor(30, TimeUnit.SECONDS);

            // Then its uncommitted actions are in the log but invisible to read_committed readers
            long written = KafkaTestKit.readAll(clients, ACTIONS, false).size();
            assertTrue(written >= eligible(first).size() + inFlight, "the killed transaction's actions reached the log");
            assertEquals(eligible(first).size(), committedActions().size());
        } finally {
            child.destroyForcibly();
        }

        // When a new instance with the same group and instance id takes over
        CardBlocker replacement = CardBlocker.create(clients, settings(), CardBlocker.TransactionObserver.NONE);
        Thread loop = new Thread(replacement, "replacement-card-blocker");
        loop.start();
        try {
            assertTrue(KafkaTestKit.eventually(Duration.ofSeconds(60),
                    () -> committedActions().size() >= eligible(first).size() + eligible(second).size()),
                    "second batch committed by the replacement");
            Thread.sleep(1_000);
        } finally {
            replacement.close();
            loop.join(30_000);
        }

        // Then every eligible alert has exactly one action, with its deterministic id, and nothing else was acted on
        List<Action> actions = committedActions();
        List<Alert> all = new ArrayList<>(first);
        all.addAll(second);
        Set<String> expectedIds = eligible(all).stream()
                .map(a -> ActionIds.actionId(ActionType.BLOCK_CARD, a.getAlertId())).collect(Collectors.toSet());
        assertEquals(expectedIds.size(), actions.size(), "one action per eligible alert");
        assertEquals(expectedIds, actions.stream().map(Action::getActionId).collect(Collectors.toSet()));
        assertEquals(eligible(all).stream().map(Alert::getAlertId).collect(Collectors.toSet()),
                actions.stream().map(Action::getAlertId).collect(Collectors.toSet()));
    }

    private static Process startChild() throws Exception {
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        ProcessBuilder builder = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                CrashingCardBlockerMain.class.getName(), broker.bootstrapServers(), registry.url(), ALERTS, ACTIONS,
                DLQ, GROUP, INSTANCE);
        builder.redirectError(ProcessBuilder.Redirect.DISCARD);
        return builder.start();
    }

    private static String awaitLine(BufferedReader reader, String prefix) {
        try {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.startsWith(prefix)) {
                    return line;
                }
            }
            throw new IllegalStateException("child ended before printing " + prefix);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static CardBlocker.Settings settings() {
        return new CardBlocker.Settings(ALERTS, ACTIONS, DLQ, Severity.HIGH, GROUP, INSTANCE);
    }

    private static List<Action> committedActions() {
        return KafkaTestKit.readValues(clients, ACTIONS, AvroSerdes.specific(Action.class, clients, false).deserializer());
    }

    private static List<Alert> eligible(List<Alert> alerts) {
        return alerts.stream().filter(a -> CardBlocker.eligible(a, Severity.HIGH)).toList();
    }

    /** Alerts number {@code from} to {@code to}: every third is MEDIUM (not eligible), the rest HIGH, on 7 cards. */
    private static List<Alert> alerts(int from, int to) {
        Instant t = Instant.parse("2026-11-23T12:00:00Z");
        return IntStream.range(from, to).mapToObj(i -> Events.anAlert().id("alert-" + i).card("card-" + (i % 7))
                .severity(i % 3 == 0 ? Severity.MEDIUM : Severity.HIGH).at(t.plusSeconds(i)).window(t, t)
                .triggeredBy(List.of("e" + i)).explanation("test alert " + i).build()).toList();
    }

}

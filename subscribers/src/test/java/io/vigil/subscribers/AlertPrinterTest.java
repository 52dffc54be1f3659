package io.vigil.subscribers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigil.events.Alert;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

class AlertPrinterTest {

    private static final String TOPIC = "vigil.alerts";
    private static final TopicPartition PARTITION = new TopicPartition(TOPIC, 0);

    private Map<TopicPartition, OffsetAndMetadata> committedAtClose;
    /** A mock consumer that notes the committed offsets as it is closed, since a closed one no longer says. */
    private final MockConsumer<String, Alert> consumer = new MockConsumer<>("earliest") {
        @Override
        public synchronized void close() {
            committedAtClose = committed(Set.of(PARTITION));
            super.close();
        }
    };
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    private void deliver(Alert... alerts) {
        consumer.schedulePollTask(() -> {
            consumer.rebalance(List.of(PARTITION));
            consumer.updateBeginningOffsets(Map.of(PARTITION, 0L));
            for (int i = 0; i < alerts.length; i++) {
                consumer.addRecord(new ConsumerRecord<>(TOPIC, 0, i, alerts[i].getEntityId(), alerts[i]));
            }
        });
    }

    @Test
    void shouldPrintEachAlertOnceAndCommitWhenRunningUntilClosed() throws Exception {
        // Given three records, the third a redelivery of the first (same alert id)
        Alert first = Alerts.velocity("a1").build();
        Alert second = Alerts.velocity("a2").setExplanation("7 transactions in 20 s on card card-00000042 (limit 5)").build();
        deliver(first, second, first);
        AlertPrinter printer = new AlertPrinter(consumer, TOPIC, out);

        // When the printer runs on its own thread and is closed from this one once it has printed
        Thread thread = new Thread(printer, "alert-printer");
        thread.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (printer.printed() < 2 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        printer.close();
        thread.join(Duration.ofSeconds(10).toMillis());

        // Then two lines, offsets committed past the third record, and the consumer closed
        assertEquals(AlertFormatter.format(first) + System.lineSeparator()
                + AlertFormatter.format(second) + System.lineSeparator(), bytes.toString(StandardCharsets.UTF_8));
        assertEquals(Map.of(PARTITION, new OffsetAndMetadata(3)), committedAtClose);
        assertTrue(consumer.closed());
    }

    @Test
    void shouldCloseTheConsumerAndRefuseToRunWhenClosedBeforeRunning() {
        AlertPrinter printer = new AlertPrinter(consumer, TOPIC, out);

        printer.close();

        assertTrue(consumer.closed());
        assertThrows(IllegalStateException.class, printer::run);
    }

    @Test
    void shouldReadCommittedWithManualCommitsWhateverPropertiesSay() {
        Map<String, Object> config = AlertPrinter.consumerProperties(Map.of(
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest",
                "bootstrap.servers", "kafka:9092"), "printer");

        assertEquals("read_committed", config.get(ConsumerConfig.ISOLATION_LEVEL_CONFIG));
        assertEquals(false, config.get(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG));
        assertEquals("printer", config.get(ConsumerConfig.GROUP_ID_CONFIG));
        assertEquals("latest", config.get(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "a given reset policy wins");
        assertEquals("kafka:9092", config.get("bootstrap.servers"));
    }
}

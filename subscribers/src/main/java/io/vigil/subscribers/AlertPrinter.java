package io.vigil.subscribers;

import io.vigil.events.Alert;
import io.vigil.serdes.AvroSerdes;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.PrintStream;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Prints every alert on the alerts topic as one line (see {@link AlertFormatter}), until closed.
 *
 * <p>Reads with {@code isolation.level=read_committed}, so it shows only alerts of committed Kafka Streams
 * transactions: under exactly-once an aborted attempt's alerts are never printed. Offsets are committed after
 * each printed batch, so a restart in the same group resumes where it stopped; an alert printed but not yet
 * committed when the process died is printed again (at least once), and within one process repeats of an
 * alert id are skipped, because a replayed alert carries the same deterministic id.
 *
 * <p>{@link #run()} owns the consumer on its own thread; {@link #close()} from any other thread wakes it up,
 * waits for the loop to finish its last commit and closes the consumer. A record that cannot be deserialized
 * is logged with its position and skipped, so that one poison pill does not stop the printer.
 */
public final class AlertPrinter implements Runnable, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AlertPrinter.class);
    private static final Duration POLL_TIMEOUT = Duration.ofMillis(500);

    private final Consumer<String, Alert> consumer;
    private final String topic;
    private final PrintStream out;
    private final RecentIds printedIds = new RecentIds(100_000);
    private final PollLoop loop;
    private volatile long printed;

    public AlertPrinter(Consumer<String, Alert> consumer, String topic, PrintStream out) {
        this.consumer = consumer;
        this.topic = topic;
        this.out = out;
        this.loop = new PollLoop("An AlertPrinter", "alert printer", consumer,
                new PollLoop.Body(() -> consumer.subscribe(List.of(topic)), this::pollOnce, this::stop, consumer::close));
    }

    /**
     * A printer with its own consumer in group {@code groupId}.
     *
     * @param kafkaProperties client properties, including {@code bootstrap.servers} and {@code schema.registry.url}
     */
    public static AlertPrinter create(Map<String, ?> kafkaProperties, String topic, String groupId, PrintStream out) {
        Map<String, Object> config = consumerProperties(kafkaProperties, groupId);
        KafkaConsumer<String, Alert> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                AvroSerdes.specific(Alert.class, config, false).deserializer());
        return new AlertPrinter(consumer, topic, out);
    }

    /**
     * {@code kafkaProperties} with the printer's requirements on top: read committed, manual commits, the group,
     * and (unless given) start from the earliest alert so that a new group sees the alerts raised before it.
     */
    public static Map<String, Object> consumerProperties(Map<String, ?> kafkaProperties, String groupId) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.putAll(kafkaProperties);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        return config;
    }

    /** Alerts printed so far (repeats skipped). */
    public long printed() {
        return printed;
    }

    /** Prints until {@link #close()}; a printer runs once. */
    @Override
    public void run() {
        loop.run();
    }

    private void stop() {
        // An alert printed but not committed is printed again after a restart: at least once.
        PollLoop.commitOnTheWayOut(consumer::commitSync, e -> LOG.warn(
                "Could not commit the last printed alerts; they will be printed again after a restart", e));
        consumer.close();
    }

    private void pollOnce() {
        ConsumerRecords<String, Alert> records;
        try {
            records = consumer.poll(POLL_TIMEOUT);
        } catch (RecordDeserializationException e) {
            LOG.error("Skipping undeserializable alert at {} offset {}", e.topicPartition(), e.offset(), e);
            consumer.seek(e.topicPartition(), e.offset() + 1);
            return;
        }
        for (ConsumerRecord<String, Alert> record : records) {
            print(record);
        }
        if (!records.isEmpty()) {
            out.flush();
            consumer.commitSync();
        }
    }

    private void print(ConsumerRecord<String, Alert> record) {
        Alert alert = record.value();
        if (alert == null) {
            LOG.warn("Skipping empty alert record at {}-{} offset {}", record.topic(), record.partition(), record.offset());
        } else if (printedIds.add(alert.getAlertId())) {
            out.println(AlertFormatter.format(alert));
            printed++;
        }
    }

    /** Stops {@link #run()} and waits for it to close the consumer; call it from another thread. */
    @Override
    public void close() {
        loop.close();
    }
}

package io.vigil.topology;

import io.vigil.config.ProcessingGuarantee;
import io.vigil.config.VigilConfig;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.StreamsConfig;

import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;

/**
 * Kafka Streams properties for one stream instance, derived from Vigil's configuration.
 *
 * <p>Bad input never stops an instance and is never lost: a record that cannot be deserialized, or whose
 * processing throws, is logged and written by Kafka Streams itself to the DLQ topic
 * ({@code errors.dead.letter.queue.topic.name}) with its original bytes and headers naming the source topic,
 * partition, offset, exception and Vigil's reason code, and processing continues; a failed output or changelog
 * write does the same ({@link VigilProductionExceptionHandler}); the handlers are Kafka's log-and-continue ones
 * plus a count of the DLQ records ({@link DeadLetterMetrics}). Any Kafka property the user gave
 * ({@code KAFKA_*} or the properties file) is applied last, so it can override these choices.
 */
public final class StreamsProperties {

    private StreamsProperties() {
    }

    public static Properties forInstance(VigilConfig config, String instanceId) {
        return forInstance(config, instanceId, null, Optional.empty());
    }

    /**
     * The properties of an instance that reports to {@code meters} (DLQ records are counted there; null counts
     * nothing) and, when {@code applicationServer} is given, serves interactive queries at that
     * {@code host:port} ({@code application.server}: Kafka Streams tells every instance which one owns a key).
     */
    public static Properties forInstance(VigilConfig config, String instanceId, MeterRegistry meters,
                                         Optional<String> applicationServer) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, config.streams().applicationId());
        props.put(StreamsConfig.CLIENT_ID_CONFIG, config.streams().applicationId() + "-" + instanceId);
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, config.streams().processingGuarantee().kafkaValue());
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, config.streams().threads());
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, config.streams().commitInterval().toMillis());
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir(config, instanceId).toString());
        props.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, config.streams().cacheMaxBytes());
        props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) config.topics().replicationFactor());
        if (config.topics().replicationFactor() >= 3) {
            // A replicated cluster is a production one: keep a warm copy of every task's state on another
            // instance, so a task that moves (an instance stopped, scaled in or lost) resumes without replaying
            // its changelog. The user's num.standby.replicas, applied below, still wins.
            props.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, 1);
        }
        // Process what is buffered without waiting for a task's other inputs. The card task reads transactions and
        // the actions topic, which is empty nearly always; waiting for it (the default, 0) costs Kafka Streams 4.3
        // two String.format calls per record to describe the empty partition (6.7% of the card detection
        // threads' profile samples: docs/performance.md), and buys an ordering a block never had: an action is written
        // milliseconds after the alert that caused it, by another process, so a transaction can always race it.
        props.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, StreamsConfig.MAX_TASK_IDLE_MS_DISABLED);
        props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, CountingDeserializationExceptionHandler.class);
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, CountingProcessingExceptionHandler.class);
        // A failed output or changelog write must not stop the instance, nor the DLQ record about it (issue 12).
        props.put(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG, VigilProductionExceptionHandler.class);
        props.put(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, config.topics().dlq());
        // The rules global store must get the same handling as the tasks; it becomes the default in Kafka 5.0.
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
        if (meters != null) {
            props.put(DeadLetterMetrics.REGISTRY_CONFIG, meters);
        }
        applicationServer.ifPresent(hostPort -> props.put(StreamsConfig.APPLICATION_SERVER_CONFIG, hostPort));
        if (config.streams().processingGuarantee() == ProcessingGuarantee.AT_LEAST_ONCE) {
            // Rules are published in transactions; exactly-once already reads committed, at-least-once must too.
            props.put(StreamsConfig.globalConsumerPrefix(ConsumerConfig.ISOLATION_LEVEL_CONFIG), "read_committed");
        }
        VigilRocksDbConfigSetter.addTo(props, config.rocksDb());
        props.putAll(config.kafka().properties());
        return props;
    }

    /** Each instance gets its own state directory, so several instances can share one machine. */
    public static Path stateDir(VigilConfig config, String instanceId) {
        return config.streams().stateDir().resolve(instanceId);
    }
}

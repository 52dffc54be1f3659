package io.vigil.config;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything Vigil is configured with, loaded and validated once at start by
 * {@link ConfigLoader} and then passed down, so no component reads the environment itself.
 */
public record VigilConfig(KafkaSettings kafka, TopicNames topics, StreamsSettings streams,
        RuleSet rules, EscalationSettings escalation, InputSettings input, ExpirySettings expiry,
        RocksDbSettings rocksDb) {

    public VigilConfig {
        Objects.requireNonNull(kafka, "kafka");
        Objects.requireNonNull(topics, "topics");
        Objects.requireNonNull(streams, "streams");
        Objects.requireNonNull(rules, "rules");
        Objects.requireNonNull(escalation, "escalation");
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(expiry, "expiry");
        Objects.requireNonNull(rocksDb, "rocksDb");
    }

    /** A configuration with Kafka Streams' own RocksDB options. */
    public VigilConfig(KafkaSettings kafka, TopicNames topics, StreamsSettings streams,
            RuleSet rules, EscalationSettings escalation, InputSettings input, ExpirySettings expiry) {
        this(kafka, topics, streams, rules, escalation, input, expiry, RocksDbSettings.defaults());
    }

    /**
     * A configuration with the default input bounds and state expiry, for code written before they were
     * configurable.
     */
    public VigilConfig(KafkaSettings kafka, TopicNames topics, StreamsSettings streams,
            RuleSet rules, EscalationSettings escalation) {
        this(kafka, topics, streams, rules, escalation, InputSettings.defaults(), ExpirySettings.defaults());
    }

    /**
     * A configuration with the default escalation ({@link EscalationSettings#defaults()}), for code
     * written before escalation was configurable. To change one part of a loaded configuration,
     * prefer the {@code with...} methods: they keep every other part, escalation included.
     */
    public VigilConfig(KafkaSettings kafka, TopicNames topics, StreamsSettings streams,
            RuleSet rules) {
        this(kafka, topics, streams, rules, EscalationSettings.defaults(), InputSettings.defaults(),
                ExpirySettings.defaults());
    }

    /** The built-in defaults alone: no file, no environment. Handy for tests and the embedded demo. */
    public static VigilConfig defaults() {
        return ConfigLoader.load(Map.of(), Optional.empty(), Map.of());
    }

    public VigilConfig withKafka(KafkaSettings newKafka) {
        return new VigilConfig(newKafka, topics, streams, rules, escalation, input, expiry, rocksDb);
    }

    public VigilConfig withStreams(StreamsSettings newStreams) {
        return new VigilConfig(kafka, topics, newStreams, rules, escalation, input, expiry, rocksDb);
    }

    public VigilConfig withRules(RuleSet newRules) {
        return new VigilConfig(kafka, topics, streams, newRules, escalation, input, expiry, rocksDb);
    }

    public VigilConfig withInput(InputSettings newInput) {
        return new VigilConfig(kafka, topics, streams, rules, escalation, newInput, expiry, rocksDb);
    }

    public VigilConfig withRocksDb(RocksDbSettings newRocksDb) {
        return new VigilConfig(kafka, topics, streams, rules, escalation, input, expiry, newRocksDb);
    }

    public VigilConfig withExpiry(ExpirySettings newExpiry) {
        return new VigilConfig(kafka, topics, streams, rules, escalation, input, newExpiry, rocksDb);
    }
}

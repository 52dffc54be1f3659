package io.vigil.config;

/**
 * How Kafka Streams commits Vigil's work. Exactly-once is the default because a detector
 * that double counts a transaction after a crash raises alerts nobody can explain;
 * at-least-once exists to measure what exactly-once costs.
 */
public enum ProcessingGuarantee {
    EXACTLY_ONCE_V2("exactly_once_v2"),
    AT_LEAST_ONCE("at_least_once");

    private final String kafkaValue;

    ProcessingGuarantee(String kafkaValue) {
        this.kafkaValue = kafkaValue;
    }

    /** The value of Kafka Streams' {@code processing.guarantee} and of {@code vigil.processing.guarantee}. */
    public String kafkaValue() {
        return kafkaValue;
    }
}

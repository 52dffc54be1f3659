package io.vigil.subscribers;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

import java.nio.charset.StandardCharsets;

/**
 * Dead letters written by subscribers: the original key and value bytes, with headers saying where the record came
 * from, which subscriber gave up on it and why. The headers carry what Kafka Streams' own dead letters carry
 * ({@code __streams.errors.*}: exception, message, source topic, partition, offset) under a {@code vigil.errors.}
 * prefix, because these are written by a plain client rather than by Kafka Streams.
 */
public final class ErrorHeaders {

    public static final String SUBSCRIBER = "vigil.errors.subscriber";
    public static final String EXCEPTION = "vigil.errors.exception";
    public static final String MESSAGE = "vigil.errors.message";
    public static final String TOPIC = "vigil.errors.topic";
    public static final String PARTITION = "vigil.errors.partition";
    public static final String OFFSET = "vigil.errors.offset";
    public static final String ATTEMPTS = "vigil.errors.attempts";

    private ErrorHeaders() {
    }

    static ProducerRecord<String, byte[]> deadLetter(String dlqTopic, ConsumerRecord<String, byte[]> original,
                                                     String subscriber, Throwable error, int attempts) {
        Headers headers = new RecordHeaders(original.headers().toArray());
        put(headers, SUBSCRIBER, subscriber);
        put(headers, EXCEPTION, error.getClass().getName());
        put(headers, MESSAGE, String.valueOf(error.getMessage()));
        put(headers, TOPIC, original.topic());
        put(headers, PARTITION, Integer.toString(original.partition()));
        put(headers, OFFSET, Long.toString(original.offset()));
        put(headers, ATTEMPTS, Integer.toString(attempts));
        return new ProducerRecord<>(dlqTopic, null, original.timestamp(), original.key(), original.value(), headers);
    }

    private static void put(Headers headers, String name, String value) {
        headers.remove(name);
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}

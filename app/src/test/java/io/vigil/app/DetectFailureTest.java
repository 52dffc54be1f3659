package io.vigil.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vigil.runtime.InstanceHealth;

import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.StreamsException;
import org.junit.jupiter.api.Test;

/**
 * What {@code vigil detect} says when its instance ends by itself (it then exits 1 with this line on stderr): the
 * state listener records the instance's health at ERROR, and the line names the instance, the state and every
 * cause, without the stack trace Kafka Streams writes into its own message.
 */
class DetectFailureTest {

    @Test
    void shouldNameTheInstanceTheStateAndEveryCauseWhenTheInstanceReachedError() {
        // Given an exception that escaped the handlers, wrapped as Kafka Streams wraps it
        StreamsException failure = new StreamsException("Exception caught in process. taskId=0_1, processor="
                + "card-detector, topic=vigil.transactions, partition=1, offset=42, stacktrace=java.lang."
                + "IllegalStateException: boom\n\tat io.vigil.topology.CardDetectionProcessor.process(X.java:1)",
                new IllegalStateException("boom"));

        // When
        String message = DetectCommand.failureMessage(InstanceHealth.of("instance-1", KafkaStreams.State.ERROR,
                failure));

        // Then
        assertEquals("stream instance instance-1 failed (state ERROR): StreamsException: Exception caught in "
                + "process. taskId=0_1, processor=card-detector, topic=vigil.transactions, partition=1, offset=42; "
                + "caused by IllegalStateException: boom", message);
    }

    @Test
    void shouldSayTheInstanceStoppedUnexpectedlyWhenItEndedWithoutAnError() {
        // Given an instance that went to NOT_RUNNING without a failure (something closed it, not the shutdown hook)
        InstanceHealth health = InstanceHealth.of("instance-1", KafkaStreams.State.NOT_RUNNING, null);

        // When
        String message = DetectCommand.failureMessage(health);

        // Then
        assertEquals("stream instance instance-1 stopped unexpectedly (state NOT_RUNNING)", message);
    }
}

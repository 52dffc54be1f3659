package io.vigil.runtime;

import io.vigil.topology.StreamInstance;

import org.apache.kafka.streams.KafkaStreams;

import java.util.Optional;

/**
 * Whether a stream instance has failed, and why, in one place for everything that must act on it: {@code vigil
 * detect} exits non-zero with the cause, {@code /health} and {@code /ready} answer 503 with it, and {@code vigil demo}
 * stops generating and ends with a failed summary.
 *
 * <p>Failed means the instance reached (or is on its way to) ERROR, or an exception escaped its handlers: with the
 * uncaught-exception response Vigil uses ({@code SHUTDOWN_CLIENT}), such an instance never processes again, so
 * nothing short of a restart brings it back and every probe must say so.
 *
 * @param cause the exception chain that stopped the instance, one line, when one is known
 */
public record InstanceHealth(String instanceId, KafkaStreams.State state, Optional<String> cause) {

    public static InstanceHealth of(StreamInstance instance) {
        return of(instance.instanceId(), instance.state(), instance.failure());
    }

    public static InstanceHealth of(String instanceId, KafkaStreams.State state, Throwable failure) {
        return new InstanceHealth(instanceId, state,
                failure == null ? Optional.empty() : Optional.of(StreamInstance.causes(failure)));
    }

    public boolean failed() {
        return cause.isPresent() || state == KafkaStreams.State.ERROR || state == KafkaStreams.State.PENDING_ERROR;
    }

    /** One line for an operator, e.g. {@code stream instance instance-1 failed (state ERROR): StreamsException: ...}. */
    public String describe() {
        return "stream instance " + instanceId + (failed() ? " failed" : " is healthy") + " (state " + state + ")"
                + cause.map(c -> ": " + c).orElse("");
    }
}

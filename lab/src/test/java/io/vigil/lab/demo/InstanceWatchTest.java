package io.vigil.lab.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.vigil.runtime.InstanceHealth;

import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/** The demo's reaction to a failed stream instance: stop generating once, and keep the cause for the summary. */
class InstanceWatchTest {

    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);

    @Test
    void shouldStopGeneratingOnceAndKeepTheFirstCauseWhenAnInstanceFails() {
        // Given two healthy looks, then instance-2 failed, then (later) instance-1 as well
        List<Optional<InstanceHealth>> looks = new ArrayList<>(List.of(Optional.empty(), Optional.empty(),
                Optional.of(InstanceHealth.of("instance-2", KafkaStreams.State.ERROR,
                        new IllegalStateException("changelog write failed"))),
                Optional.of(InstanceHealth.of("instance-1", KafkaStreams.State.ERROR, null))));
        AtomicInteger stops = new AtomicInteger();
        InstanceWatch watch = new InstanceWatch(() -> looks.remove(0), stops::incrementAndGet, out);

        // When the progress thread looks four times
        for (int i = 0; i < 4; i++) {
            watch.check();
        }

        // Then the generator was stopped once, at the first failure, whose cause the summary gets
        String failure = "stream instance instance-2 failed (state ERROR): IllegalStateException: changelog write "
                + "failed; the demo stopped generating and did not wait for a drain";
        assertEquals(1, stops.get());
        assertEquals(failure, watch.failure());
        assertEquals("FAILED: " + failure + System.lineSeparator(), printed.toString(StandardCharsets.UTF_8));
    }

    @Test
    void shouldLeaveTheRunAloneWhenEveryInstanceLives() {
        // Given instances that stay healthy
        AtomicInteger stops = new AtomicInteger();
        InstanceWatch watch = new InstanceWatch(Optional::empty, stops::incrementAndGet, out);

        // When
        watch.check();
        watch.check();

        // Then
        assertEquals(0, stops.get());
        assertNull(watch.failure());
        assertEquals("", printed.toString(StandardCharsets.UTF_8));
    }
}

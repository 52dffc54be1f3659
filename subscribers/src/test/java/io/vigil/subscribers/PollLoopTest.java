package io.vigil.subscribers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.internals.AutoOffsetResetStrategy;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

class PollLoopTest {

    private final MockConsumer<String, String> consumer =
            new MockConsumer<>(AutoOffsetResetStrategy.EARLIEST.name());
    private final List<String> steps = new ArrayList<>();

    @Test
    void shouldOnlyCloseTheClientsWhenClosedBeforeItRan() {
        // Given a loop that never ran
        PollLoop loop = new PollLoop("A Test", "test", consumer, body(() -> { }));

        // When
        loop.close();

        // Then nothing was polled, and it cannot run any more
        assertEquals(List.of("closeUnstarted"), steps);
        IllegalStateException e = assertThrows(IllegalStateException.class, loop::run);
        assertEquals("A Test runs once, and this one has already run or been closed", e.getMessage());
    }

    @Test
    void shouldStopAfterThePollInHandWhenClosedFromAnotherThread() throws Exception {
        // Given a running loop
        CountDownLatch polled = new CountDownLatch(1);
        PollLoop loop = new PollLoop("A Test", "test", consumer, body(polled::countDown));
        Thread runner = new Thread(loop::run);
        runner.start();
        assertTrue(polled.await(10, TimeUnit.SECONDS));

        // When
        loop.close();
        runner.join(10_000);

        // Then it started once, polled, and stopped once through the subscriber's own stop step
        assertEquals("start", steps.get(0));
        assertEquals("stop", steps.get(steps.size() - 1));
        assertEquals(1, steps.stream().filter("stop"::equals).count());
    }

    @Test
    void shouldThrowTheSubscribersExplanationAndStillStopWhenAPollFails() {
        // Given a loop whose poll fails and a subscriber that explains the failure
        PollLoop loop = new PollLoop("A Test", "test", consumer, new PollLoop.Body(
                () -> steps.add("start"),
                () -> {
                    throw new IllegalArgumentException("broken");
                },
                () -> steps.add("stop"),
                () -> steps.add("closeUnstarted"),
                failure -> new IllegalStateException("explained: " + failure.getMessage(), failure)));

        // When
        IllegalStateException e = assertThrows(IllegalStateException.class, loop::run);

        // Then
        assertEquals("explained: broken", e.getMessage());
        assertEquals(List.of("start", "stop"), steps);
    }

    private PollLoop.Body body(Runnable onPoll) {
        return new PollLoop.Body(
                () -> steps.add("start"),
                () -> {
                    steps.add("poll");
                    onPoll.run();
                    sleepBriefly();
                },
                () -> steps.add("stop"),
                () -> steps.add("closeUnstarted"));
    }

    /** Stands for a poll's timeout, so that the loop does not spin. */
    private static void sleepBriefly() {
        try {
            Thread.sleep(5);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

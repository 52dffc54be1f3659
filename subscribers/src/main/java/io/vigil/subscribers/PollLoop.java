package io.vigil.subscribers;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;

/**
 * The poll loop under every subscriber ({@link CardBlocker}, {@link Notifier}, {@link AlertPrinter}): it runs once,
 * on the caller's thread, polls until {@link #close()} is called from another thread, and on the way out lets the
 * subscriber commit and close its clients. {@link #close()} wakes the consumer up and waits for that to finish, or
 * closes the clients itself when the loop never ran.
 *
 * <p>What one poll does and how it commits (a producer transaction, a delivered-id log, a plain
 * {@code commitSync}) stay each subscriber's own: they are its {@link Body}.
 */
final class PollLoop {

    private static final Logger LOG = LoggerFactory.getLogger(PollLoop.class);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

    /**
     * The subscriber's part of the loop. Every step runs on the loop's thread, except {@code closeUnstarted}.
     *
     * @param start          before the first poll: subscribe, fence an earlier instance, catch up
     * @param pollOnce       one poll, and the handling and committing of what it returned
     * @param stop           after the last poll, whether the loop was closed or failed: commit what was handled,
     *                       close the clients
     * @param closeUnstarted {@link #close()} came before {@link #run()}: close the clients, nothing was polled
     * @param failed         the exception {@link #run()} throws for a failure: the failure itself unless the
     *                       subscriber explains it
     */
    record Body(Runnable start, Runnable pollOnce, Runnable stop, Runnable closeUnstarted,
                UnaryOperator<RuntimeException> failed) {
        /** A body whose failures need no explaining. */
        Body(Runnable start, Runnable pollOnce, Runnable stop, Runnable closeUnstarted) {
            this(start, pollOnce, stop, closeUnstarted, UnaryOperator.identity());
        }
    }

    private final String kind;
    private final String name;
    private final Consumer<?, ?> consumer;
    private final Body body;
    private final AtomicBoolean claimed = new AtomicBoolean();
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile boolean closing;

    /**
     * @param kind     the subscriber's class, for the "runs once" message ({@code "A CardBlocker"})
     * @param name     the subscriber as the user knows it, for the log ({@code "card-blocker"})
     * @param consumer the consumer that {@link #close()} wakes up
     */
    PollLoop(String kind, String name, Consumer<?, ?> consumer, Body body) {
        this.kind = kind;
        this.name = name;
        this.consumer = consumer;
        this.body = body;
    }

    /** Polls until closed; a loop runs once, so that two threads never share its consumer. */
    void run() {
        if (!claimed.compareAndSet(false, true)) {
            throw new IllegalStateException(kind + " runs once, and this one has already run or been closed");
        }
        try {
            body.start().run();
            while (!closing) {
                body.pollOnce().run();
            }
        } catch (WakeupException e) {
            // The wakeup close() sent is the normal way out of a blocking poll; any other is a failure.
            if (!closing) {
                throw body.failed().apply(e);
            }
        } catch (RuntimeException e) {
            throw body.failed().apply(e);
        } finally {
            try {
                body.stop().run();
            } finally {
                finished.countDown();
            }
        }
    }

    /** Stops {@link #run()} after the poll in hand and waits for it to close the clients; call it from another thread. */
    void close() {
        closing = true;
        if (claimed.compareAndSet(false, true)) {
            body.closeUnstarted().run();
            finished.countDown();
            return;
        }
        consumer.wakeup();
        try {
            if (!finished.await(CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("The {} did not stop within {}", name, CLOSE_TIMEOUT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Runs {@code commit} on the way out of the loop. The first attempt may meet the wakeup that {@link #close()}
     * sent if the loop ended before a blocking call consumed it; that wakeup is spent then, so the second attempt
     * commits. Any other failure goes to {@code onFailure}, since closing goes on.
     */
    static void commitOnTheWayOut(Runnable commit, java.util.function.Consumer<KafkaException> onFailure) {
        try {
            try {
                commit.run();
            } catch (WakeupException e) {
                commit.run();
            }
        } catch (KafkaException e) {
            onFailure.accept(e);
        }
    }
}

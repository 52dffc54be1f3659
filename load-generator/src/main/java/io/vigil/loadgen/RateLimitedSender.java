package io.vigil.loadgen;

import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Sends generated events to Kafka on an open-loop {@link SendSchedule}: each event waits for its due time, and
 * when the producer is slower than the schedule the sender sends at once without waiting, falls behind, and
 * says so in its progress and result rather than thinning out the events.
 *
 * <p>Every send failure, thrown by {@code send} or reported to its callback, is counted and the first one kept
 * for the result; the others are logged. An event taken from the iterator is always sent: the stop conditions
 * (event count, duration, {@link #stop()}) are checked before taking the next one, so a scenario's ground
 * truth never lists an event that was generated but not sent. A stopped sender stays stopped.
 */
public final class RateLimitedSender {

    private static final Logger LOG = LoggerFactory.getLogger(RateLimitedSender.class);

    private final Producer<String, SpecificRecord> producer;
    private final Function<String, String> topicForKind;
    private final Ticker ticker;
    private final Consumer<SendProgress> progressListener;
    private final long progressIntervalNanos;
    private volatile boolean stopRequested;

    /**
     * @param topicForKind     maps a {@link GeneratedEvent#topicKind()} to a topic name
     * @param progressListener called on the sending thread about every {@code progressInterval}
     */
    public RateLimitedSender(Producer<String, SpecificRecord> producer, Function<String, String> topicForKind,
                             Ticker ticker, Consumer<SendProgress> progressListener, Duration progressInterval) {
        this.producer = producer;
        this.topicForKind = topicForKind;
        this.ticker = ticker;
        this.progressListener = progressListener;
        this.progressIntervalNanos = progressInterval.toNanos();
    }

    /** Asks a running {@link #send} to finish after the event in hand; safe from any thread. */
    public void stop() {
        stopRequested = true;
    }

    /**
     * Sends events until the iterator ends, {@code maxEvents} were taken, {@code maxDuration} has passed or
     * {@link #stop()} was called; then flushes, so that the result counts every acknowledgement and failure.
     * The last event taken before the deadline is still sent at its due time, so a run may outlast
     * {@code maxDuration} by one interval between events.
     *
     * @param targetPerSecond the nominal rate, for reporting only ({@code Double.NaN} if unpaced)
     */
    public SendResult send(Iterator<GeneratedEvent> events, SendSchedule schedule, double targetPerSecond,
                           long maxEvents, Duration maxDuration) {
        Run run = new Run(ticker.nanoTime(), targetPerSecond);
        long deadline = saturatedAdd(run.startNanos, maxDuration.toNanos());
        while (!stopRequested && run.taken < maxEvents && ticker.nanoTime() < deadline && events.hasNext()) {
            GeneratedEvent event = events.next();
            long due = run.startNanos + schedule.dueOffsetNanos(run.taken++, event);
            waitUntil(due, run);
            run.behindNanos = Math.max(0, ticker.nanoTime() - due);
            run.maxBehindNanos = Math.max(run.maxBehindNanos, run.behindNanos);
            sendOne(event, run);
        }
        flushKeepingInterrupt();
        SendResult result = run.result(ticker.nanoTime(), stopRequested);
        progressListener.accept(run.progress(ticker.nanoTime()));
        return result;
    }

    /**
     * Flushes even when the thread was interrupted (the interrupt is restored afterwards): the flush is what turns
     * "handed to the producer" into counted acknowledgements and failures, and it is bounded by the producer's
     * delivery timeout.
     */
    private void flushKeepingInterrupt() {
        boolean interrupted = Thread.interrupted();
        try {
            producer.flush();
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void waitUntil(long due, Run run) {
        while (true) {
            long now = ticker.nanoTime();
            run.reportIfDue(now);
            long wait = due - now;
            if (wait <= 0 || stopRequested) {
                return;
            }
            try {
                ticker.sleepNanos(Math.min(wait, Math.max(1, run.nextReportNanos - now)));
            } catch (InterruptedException e) {
                // Treated as stop(): the event in hand still goes out, and the caller sees the interrupt flag.
                Thread.currentThread().interrupt();
                stopRequested = true;
                return;
            }
        }
    }

    private void sendOne(GeneratedEvent event, Run run) {
        ProducerRecord<String, SpecificRecord> record = new ProducerRecord<>(topicForKind.apply(event.topicKind()),
                null, recordTimestamp(event), event.key(), event.value());
        try {
            producer.send(record, (RecordMetadata metadata, Exception error) -> {
                if (error == null) {
                    run.acknowledged.incrementAndGet();
                } else {
                    run.fail(error, event);
                }
            });
            run.sent++;
        } catch (RuntimeException e) {
            run.fail(e, event);
        }
    }

    /**
     * The Kafka timestamp is the event's own timestamp field when it has one, so that a replay carries the
     * original's timestamp like the rest of the original.
     */
    static long recordTimestamp(GeneratedEvent event) {
        Schema.Field field = event.value().getSchema().getField("timestamp");
        if (field != null && event.value().get(field.pos()) instanceof Instant timestamp) {
            return timestamp.toEpochMilli();
        }
        return event.eventTime().toEpochMilli();
    }

    private static long saturatedAdd(long a, long b) {
        long sum = a + b;
        return ((a ^ sum) & (b ^ sum)) < 0 ? Long.MAX_VALUE : sum;
    }

    /** The counters of one {@link #send} call; the acknowledgement counters are shared with producer callbacks. */
    private final class Run {
        final long startNanos;
        final double targetPerSecond;
        final AtomicLong acknowledged = new AtomicLong();
        final AtomicLong failed = new AtomicLong();
        final AtomicReference<Exception> firstError = new AtomicReference<>();
        long taken;
        long sent;
        long behindNanos;
        long maxBehindNanos;
        long nextReportNanos;

        Run(long startNanos, double targetPerSecond) {
            this.startNanos = startNanos;
            this.targetPerSecond = targetPerSecond;
            this.nextReportNanos = startNanos + progressIntervalNanos;
        }

        void fail(Exception error, GeneratedEvent event) {
            failed.incrementAndGet();
            if (firstError.compareAndSet(null, error)) {
                LOG.error("Sending {} event with key {} failed; further failures are counted and logged at debug",
                        event.topicKind(), event.key(), error);
            } else {
                LOG.debug("Sending {} event with key {} failed", event.topicKind(), event.key(), error);
            }
        }

        void reportIfDue(long now) {
            if (now >= nextReportNanos) {
                progressListener.accept(progress(now));
                nextReportNanos = now + progressIntervalNanos;
            }
        }

        SendProgress progress(long now) {
            return new SendProgress(sent, acknowledged.get(), failed.get(), Duration.ofNanos(now - startNanos),
                    targetPerSecond, Duration.ofNanos(behindNanos));
        }

        SendResult result(long now, boolean stopped) {
            return new SendResult(sent, acknowledged.get(), failed.get(), Duration.ofNanos(now - startNanos),
                    targetPerSecond, Duration.ofNanos(maxBehindNanos), Optional.ofNullable(firstError.get()), stopped);
        }
    }
}

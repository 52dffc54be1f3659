package io.vigil.loadgen;

import io.vigil.config.TopicNames;
import io.vigil.serdes.SpecificAvroSerializer;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Plays a {@link Scenario} into Kafka: the warm-up history as fast as the producer takes it, then the live
 * traffic paced by event time.
 *
 * <p>Live pacing is anchored so that event time tracks the wall clock whenever it can: if the scenario starts in
 * the future (a caller that expects the history to take a while can choose so), the first live event waits for
 * that moment; if the start has already passed (the history took longer, or the start is a fixed date in a
 * test), the live phase starts at once with the same spacing, and {@link Report#eventTimeLag()} says by how
 * much event time trails the wall clock, for latency figures to correct.
 */
public final class LoadGenerator {

    /** A duration long enough to mean "no limit" without overflowing nanosecond arithmetic. */
    private static final Duration NO_LIMIT = Duration.ofNanos(Long.MAX_VALUE);

    /** The two phases of a run; each counts its events from zero. */
    public enum Phase {
        /** The warm-up history, sent as fast as the producer takes it. */
        HISTORY,
        /** The live traffic, paced by event time. */
        LIVE
    }

    private final RateLimitedSender sender;
    private final Clock clock;
    private final BiConsumer<Phase, SendProgress> progress;
    private volatile Phase phase = Phase.HISTORY;

    /**
     * @param progress called on the sending thread about once a second, in both phases
     */
    public LoadGenerator(Producer<String, SpecificRecord> producer, TopicNames topics, Clock clock, Ticker ticker,
                         Consumer<SendProgress> progress) {
        this(producer, topics, clock, ticker, (phase, p) -> progress.accept(p));
    }

    /**
     * @param progress called on the sending thread about once a second with the phase the counts belong to; the
     *                 last {@link Phase#HISTORY} report comes after the history has been flushed (every event
     *                 acknowledged or failed), and a {@link Phase#LIVE} report with nothing sent marks the start of
     *                 the live phase, before its first event waits for its time
     */
    public LoadGenerator(Producer<String, SpecificRecord> producer, TopicNames topics, Clock clock, Ticker ticker,
                         BiConsumer<Phase, SendProgress> progress) {
        this.sender = new RateLimitedSender(producer, kind -> topicFor(topics, kind), ticker,
                p -> progress.accept(phase, p), Duration.ofSeconds(1));
        this.clock = clock;
        this.progress = progress;
    }

    /**
     * Throughput-minded producer defaults (lz4, 64 KiB batches, 5 ms linger, idempotent with acks=all so that
     * retries cannot duplicate events), overridden by {@code properties}, which must name
     * {@code bootstrap.servers} and {@code schema.registry.url}.
     */
    public static Map<String, Object> producerProperties(Map<String, ?> properties) {
        Map<String, Object> merged = new HashMap<>();
        merged.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        merged.put(ProducerConfig.BATCH_SIZE_CONFIG, 64 * 1024);
        merged.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        merged.put(ProducerConfig.ACKS_CONFIG, "all");
        merged.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        merged.putAll(properties);
        return merged;
    }

    /** A producer for generated events; the Avro serializer is configured from the same properties. */
    public static Producer<String, SpecificRecord> createProducer(Map<String, ?> properties) {
        Map<String, Object> config = producerProperties(properties);
        SpecificAvroSerializer<SpecificRecord> values = new SpecificAvroSerializer<>();
        values.configure(config, false);
        return new KafkaProducer<>(config, new StringSerializer(), values);
    }

    /** Ends a running {@link #run} after the event in hand; safe from any thread, e.g. a shutdown hook. */
    public void stop() {
        sender.stop();
    }

    /**
     * Sends the scenario's history, then at most {@code maxLiveEvents} live events or for at most
     * {@code maxLiveDuration}, whichever ends first.
     */
    public Report run(Scenario scenario, long maxLiveEvents, Duration maxLiveDuration) {
        SendResult history = sender.send(scenario.history(), SendSchedule.unpaced(), Double.NaN,
                Long.MAX_VALUE, NO_LIMIT);
        phase = Phase.LIVE;
        progress.accept(Phase.LIVE, new SendProgress(0, 0, 0, Duration.ZERO, scenario.eventsPerSecond(), Duration.ZERO));
        Instant now = clock.instant();
        Instant origin = scenario.start().isBefore(now) ? scenario.start() : now;
        SendResult live = sender.send(scenario.live(), SendSchedule.eventTime(origin),
                scenario.eventsPerSecond(), maxLiveEvents, maxLiveDuration);
        return new Report(history, live, Duration.between(origin, now), scenario.groundTruth(),
                scenario.skippedInjections());
    }

    static String topicFor(TopicNames topics, String kind) {
        return switch (kind) {
            case GeneratedEvent.TRANSACTIONS -> topics.transactions();
            case GeneratedEvent.TELEMETRY -> topics.telemetry();
            default -> throw new IllegalArgumentException("No topic for event kind '" + kind + "'");
        };
    }

    /**
     * The outcome of a run.
     *
     * @param history           the warm-up phase
     * @param live              the live phase
     * @param eventTimeLag      how far live event time trails the wall clock (zero when the start was still ahead)
     * @param groundTruth       the injections whose events were all sent
     * @param skippedInjections amount-anomaly injections left out for want of warmed cards
     */
    public record Report(SendResult history, SendResult live, Duration eventTimeLag, GroundTruth groundTruth,
                         long skippedInjections) {
    }
}

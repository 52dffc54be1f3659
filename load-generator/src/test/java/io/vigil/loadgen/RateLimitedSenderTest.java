package io.vigil.loadgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigil.events.Channel;
import io.vigil.events.Transaction;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.stream.LongStream;

class RateLimitedSenderTest {

    private static final Instant T0 = Instant.parse("2025-03-14T09:00:00Z");
    private static final Duration FOREVER = Duration.ofDays(365);
    private static final long MILLI = 1_000_000L;

    private final FakeTicker ticker = new FakeTicker();
    private final List<SendProgress> progress = new ArrayList<>();

    /** A producer that notes, for every send, how far the fake clock was past the first send. */
    private final class TimingProducer extends MockProducer<String, SpecificRecord> {
        final List<Long> sentAtNanos = new ArrayList<>();
        long sendCostNanos;
        private Long firstNanos;

        TimingProducer() {
            super(true, null, new StringSerializer(), (topic, value) -> new byte[0]);
        }

        @Override
        public synchronized Future<RecordMetadata> send(ProducerRecord<String, SpecificRecord> record, Callback callback) {
            if (firstNanos == null) {
                firstNanos = ticker.nanoTime();
            }
            sentAtNanos.add(ticker.nanoTime() - firstNanos);
            ticker.advance(sendCostNanos);
            return super.send(record, callback);
        }
    }

    private RateLimitedSender sender(MockProducer<String, SpecificRecord> producer) {
        Consumer<SendProgress> listener = progress::add;
        return new RateLimitedSender(producer, kind -> "vigil." + kind, ticker, listener, Duration.ofSeconds(1));
    }

    private static GeneratedEvent event(long millisAfterT0) {
        Transaction tx = new Transaction("e-" + millisAfterT0, "card-1", T0.plusMillis(millisAfterT0), 1_000L, "EUR",
                "m-1", "5411", Channel.ECOMMERCE, null, null, "DE");
        return new GeneratedEvent(GeneratedEvent.TRANSACTIONS, "card-1", tx, tx.getTimestamp());
    }

    private static Iterator<GeneratedEvent> events(int count, long millisApart) {
        return LongStream.range(0, count).mapToObj(i -> event(i * millisApart)).iterator();
    }

    @Test
    void shouldSendEachEventAtStartPlusIOverRWhenProducerKeepsUp() {
        // Given a producer that costs no time and a target of 1,000 events/s
        TimingProducer producer = new TimingProducer();

        // When five events are sent
        SendResult result = sender(producer).send(events(5, 0), SendSchedule.fixedRate(1_000), 1_000, Long.MAX_VALUE, FOREVER);

        // Then event i goes out exactly i ms after the first, and all are acknowledged
        assertEquals(List.of(0L, MILLI, 2 * MILLI, 3 * MILLI, 4 * MILLI), producer.sentAtNanos);
        assertEquals(5, result.sent());
        assertEquals(5, result.acknowledged());
        assertEquals(0, result.failed());
        assertEquals(Duration.ZERO, result.maxBehind());
        assertEquals("vigil.transactions", producer.history().get(0).topic());
    }

    @Test
    void shouldFallBehindAndReportTheAchievedRateWhenProducerIsSlow() {
        // Given a producer that takes 2 ms per send against a schedule of one event per ms
        TimingProducer producer = new TimingProducer();
        producer.sendCostNanos = 2 * MILLI;

        // When 100 events are sent
        SendResult result = sender(producer).send(events(100, 0), SendSchedule.fixedRate(1_000), 1_000, Long.MAX_VALUE, FOREVER);

        // Then nothing is dropped or slept on, the sender is 99 ms late at the end and reports half the rate
        assertEquals(100, result.acknowledged());
        assertTrue(ticker.sleeps.isEmpty(), "slept " + ticker.sleeps);
        assertEquals(Duration.ofMillis(99), result.maxBehind());
        assertEquals(500.0, result.achievedPerSecond(), 0.001);
        assertEquals(1_000.0, result.targetPerSecond());
    }

    @Test
    void shouldPaceByScenarioTimeWhenScheduleIsEventTime() {
        // Given events 250 ms apart in scenario time, the first 1 s after the origin
        TimingProducer producer = new TimingProducer();
        Iterator<GeneratedEvent> events = List.of(event(1_000), event(1_250), event(1_500)).iterator();

        // When sent against an event-time schedule
        sender(producer).send(events, SendSchedule.eventTime(T0), 4, Long.MAX_VALUE, FOREVER);

        // Then they go out 250 ms apart, and the first waited its 1 s
        assertEquals(List.of(0L, 250 * MILLI, 500 * MILLI), producer.sentAtNanos);
        assertEquals(1_000 * MILLI, ticker.sleeps.get(0));
    }

    @Test
    void shouldCountEveryFailureWhenSendsFail() {
        // Given a producer whose callbacks fail every other send, and one send that throws
        MockProducer<String, SpecificRecord> producer = new MockProducer<>(true, null, new StringSerializer(), (t, v) -> new byte[0]) {
            private int calls;

            @Override
            public synchronized Future<RecordMetadata> send(ProducerRecord<String, SpecificRecord> record, Callback callback) {
                calls++;
                if (calls == 5) {
                    throw new IllegalStateException("send refused");
                }
                if (calls % 2 == 0) {
                    callback.onCompletion(null, new TimeoutException("no ack"));
                    return super.send(record, (m, e) -> { });
                }
                return super.send(record, callback);
            }
        };

        // When six events are sent
        SendResult result = sender(producer).send(events(6, 0), SendSchedule.unpaced(), Double.NaN, Long.MAX_VALUE, FOREVER);

        // Then 2, 4 and 6 failed in callbacks and 5 failed at once: four failures, two acknowledged, first kept
        assertEquals(5, result.sent());
        assertEquals(2, result.acknowledged());
        assertEquals(4, result.failed());
        assertEquals("no ack", result.firstError().orElseThrow().getMessage());
    }

    @Test
    void shouldStopAfterMaxEventsWhenMoreAreAvailable() {
        TimingProducer producer = new TimingProducer();
        Iterator<GeneratedEvent> events = events(10, 0);

        SendResult result = sender(producer).send(events, SendSchedule.fixedRate(100), 100, 3, FOREVER);

        assertEquals(3, result.sent());
        assertTrue(events.hasNext(), "the fourth event was not taken");
        assertFalse(result.stopped());
    }

    @Test
    void shouldTakeNoEventAfterTheDurationHasPassed() {
        // Given 10 events/s for at most 1 s
        TimingProducer producer = new TimingProducer();
        Iterator<GeneratedEvent> events = events(100, 0);

        // When sent
        SendResult result = sender(producer).send(events, SendSchedule.fixedRate(10), 10, Long.MAX_VALUE, Duration.ofSeconds(1));

        // Then the event taken at 900 ms still goes out when due, at 1,000 ms, and nothing after it is taken
        assertEquals(11, result.sent());
        assertEquals(1_000 * MILLI, producer.sentAtNanos.get(10));
        int left = 0;
        while (events.hasNext()) {
            events.next();
            left++;
        }
        assertEquals(89, left);
    }

    @Test
    void shouldReportProgressAboutOnceASecondWhenSendingForSeconds() {
        TimingProducer producer = new TimingProducer();

        sender(producer).send(events(31, 0), SendSchedule.fixedRate(10), 10, Long.MAX_VALUE, FOREVER);

        // 3 s of sending: reports at 1 s, 2 s, 3 s, and a final one
        assertEquals(4, progress.size());
        SendProgress atOneSecond = progress.get(0);
        assertEquals(Duration.ofSeconds(1), atOneSecond.elapsed());
        assertEquals(10, atOneSecond.sent());
        assertEquals(10.0, atOneSecond.achievedPerSecond(), 0.001);
        assertEquals(31, progress.get(3).sent());
    }

    @Test
    void shouldStampTheRecordWithTheValuesTimestampWhenReplayed() {
        // Given a replay: the value is from 09:00:01, re-sent at 09:00:11
        Transaction original = event(1_000).valueAs(Transaction.class);
        GeneratedEvent replay = new GeneratedEvent(GeneratedEvent.TRANSACTIONS, "card-1", original, T0.plusSeconds(11));

        // Then the Kafka timestamp is the original's
        assertEquals(T0.plusSeconds(1).toEpochMilli(), RateLimitedSender.recordTimestamp(replay));
    }

    @Test
    void shouldDueEventsAtTheirOffsetFromTheOriginWhenScheduleIsEventTime() {
        SendSchedule schedule = SendSchedule.eventTime(T0);

        assertEquals(1_500 * MILLI, schedule.dueOffsetNanos(0, event(1_500)));
        assertEquals(0, schedule.dueOffsetNanos(1, event(-5_000)), "events before the origin are due at once");
        assertEquals(333_333_333L, SendSchedule.fixedRate(3).dueOffsetNanos(1, event(0)));
        assertEquals(1_000_000_000L, SendSchedule.fixedRate(3).dueOffsetNanos(3, event(0)));
    }
}

package io.vigil.detectors.fraud;

import io.vigil.config.RuleSet;
import io.vigil.events.Transaction;
import io.vigil.loadgen.FraudScenario;
import io.vigil.loadgen.GeneratedEvent;
import io.vigil.loadgen.ScenarioConfig;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Per-event cost of the fraud detection hot path, in nanoseconds per transaction: each detector's
 * {@code evaluate} alone, all of them through {@link CardDetection#process} (including the state decode the
 * processor does first), and the pieces around them (card state decode and encode, Avro decoding of the
 * transaction).
 *
 * <p>The inputs are realistic rather than synthetic: a seeded fraud scenario (normal traffic with injected
 * patterns) at the same per-card density as {@code vigil bench}'s backlog, one transaction every 50 s per card,
 * replayed through {@link CardDetection} for 500 s of event time so that every card's history and baseline are
 * warm. The measured events are the next {@value #MEASURED} transactions, each with the card's state as it was
 * just before it; a benchmark cycles through them, so every operation sees a different card and state.
 *
 * <p>Lives in the detectors' package to prepare a state exactly as {@link CardDetection} hands it to a detector
 * (the new transaction already placed in the history).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgs = {"-Xmx1g", "-XX:+UseParallelGC"})
@State(Scope.Thread)
public class FraudDetectorBenchmark {

    static final int CARDS = 20_000;
    static final double EVENTS_PER_SECOND = 400;
    static final int WARM_EVENTS = 200_000;
    static final int MEASURED = 20_000;

    private CardDetection detection;
    private final Map<String, FraudDetector> detectors = new HashMap<>();
    private FraudDetector velocity;
    private FraudDetector amountAnomaly;
    private FraudDetector impossibleTravel;
    private FraudDetector cardTesting;
    private FraudDetector duplicateTransaction;

    private Transaction[] transactions;
    private byte[][] stateBefore;
    private CardState[] stateForDetectors;
    private int[] insertedAt;
    private CardState[] stateAfter;
    private byte[][] avroBodies;
    private SpecificDatumReader<Transaction> avroReader;
    private BinaryDecoder decoder;
    private int next;

    @Setup(Level.Trial)
    public void prepare() throws IOException {
        RuleSet rules = RuleSet.defaults();
        detection = CardDetection.fromRules(rules, Duration.ofSeconds(30));
        for (FraudDetector detector : detection.detectors()) {
            detectors.put(detector.rule().detector(), detector);
        }
        velocity = detectors.get(FraudDetectors.VELOCITY);
        amountAnomaly = detectors.get(FraudDetectors.AMOUNT_ANOMALY);
        impossibleTravel = detectors.get(FraudDetectors.IMPOSSIBLE_TRAVEL);
        cardTesting = detectors.get(FraudDetectors.CARD_TESTING);
        duplicateTransaction = detectors.get(FraudDetectors.DUPLICATE_TRANSACTION);

        ScenarioConfig config = ScenarioConfig.defaults(42, Instant.parse("2026-01-05T08:00:00Z"))
                .withCards(CARDS)
                .withHistory(true, 0)
                .withRate(EVENTS_PER_SECOND)
                .withLiveEvents(WARM_EVENTS + MEASURED)
                .withInjectionsPerMinute(30)
                .withRules(rules);
        FraudScenario scenario = new FraudScenario(config);
        Map<String, CardState> states = new HashMap<>();
        for (int i = 0; i < WARM_EVENTS && scenario.hasNext(); i++) {
            Transaction tx = scenario.next().valueAs(Transaction.class);
            detection.process(states.computeIfAbsent(tx.getCardId(), id -> new CardState()), tx);
        }

        transactions = new Transaction[MEASURED];
        stateBefore = new byte[MEASURED][];
        stateForDetectors = new CardState[MEASURED];
        insertedAt = new int[MEASURED];
        stateAfter = new CardState[MEASURED];
        avroBodies = new byte[MEASURED][];
        SpecificDatumWriter<Transaction> writer = new SpecificDatumWriter<>(Transaction.class);
        for (int k = 0; k < MEASURED; k++) {
            GeneratedEvent event = scenario.next();
            Transaction tx = event.valueAs(Transaction.class);
            CardState state = states.computeIfAbsent(tx.getCardId(), id -> new CardState());
            transactions[k] = tx;
            stateBefore[k] = CardStateCodec.encode(state);
            CardState prepared = CardStateCodec.decode(stateBefore[k]);
            insertedAt[k] = prepared.insert(new RecentTransaction(tx.getEventId(), tx.getTimestamp().toEpochMilli(),
                    tx.getMerchantId(), tx.getAmountMinor()));
            stateForDetectors[k] = prepared;
            detection.process(state, tx);
            stateAfter[k] = CardStateCodec.decode(CardStateCodec.encode(state));
            avroBodies[k] = avro(writer, tx);
        }
        avroReader = new SpecificDatumReader<>(Transaction.class);
    }

    private static byte[] avro(SpecificDatumWriter<Transaction> writer, Transaction tx) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(bytes, null);
        writer.write(tx, encoder);
        encoder.flush();
        return bytes.toByteArray();
    }

    private int nextIndex() {
        int k = next;
        next = k + 1 == MEASURED ? 0 : k + 1;
        return k;
    }

    @Benchmark
    public Optional<?> velocity() {
        int k = nextIndex();
        return velocity.evaluate(stateForDetectors[k], transactions[k], insertedAt[k]);
    }

    @Benchmark
    public Optional<?> amountAnomaly() {
        int k = nextIndex();
        return amountAnomaly.evaluate(stateForDetectors[k], transactions[k], insertedAt[k]);
    }

    @Benchmark
    public Optional<?> impossibleTravel() {
        int k = nextIndex();
        return impossibleTravel.evaluate(stateForDetectors[k], transactions[k], insertedAt[k]);
    }

    @Benchmark
    public Optional<?> cardTesting() {
        int k = nextIndex();
        return cardTesting.evaluate(stateForDetectors[k], transactions[k], insertedAt[k]);
    }

    @Benchmark
    public Optional<?> duplicateTransaction() {
        int k = nextIndex();
        return duplicateTransaction.evaluate(stateForDetectors[k], transactions[k], insertedAt[k]);
    }

    /** Everything the processor does per event besides the store and Kafka: decode state, run all detectors, update it. */
    @Benchmark
    public CardDetection.Outcome allDetectorsWithStateDecode() {
        int k = nextIndex();
        return detection.process(CardStateCodec.decode(stateBefore[k]), transactions[k]);
    }

    @Benchmark
    public CardState stateDecode() {
        return CardStateCodec.decode(stateBefore[nextIndex()]);
    }

    @Benchmark
    public byte[] stateEncode() {
        return CardStateCodec.encode(stateAfter[nextIndex()]);
    }

    @Benchmark
    public Transaction transactionAvroDecode() throws IOException {
        byte[] body = avroBodies[nextIndex()];
        decoder = DecoderFactory.get().binaryDecoder(body, decoder);
        return avroReader.read(null, decoder);
    }
}

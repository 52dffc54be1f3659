package io.vigil.detectors.fraud;

import io.vigil.config.RuleSet;
import io.vigil.events.Transaction;
import io.vigil.loadgen.FraudScenario;
import io.vigil.loadgen.ScenarioConfig;
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

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Card state encode and decode per event, format version 1 against version 2, on the states the processor
 * writes after each of {@value #MEASURED} transactions of the same warm scenario as {@link FraudDetectorBenchmark}
 * (the bench's per-card density). Run:
 * {@code java -jar benchmarks/target/benchmarks.jar CardStateCodecBenchmark}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgs = {"-Xmx1g", "-XX:+UseParallelGC"})
@State(Scope.Thread)
public class CardStateCodecBenchmark {

    static final int MEASURED = 20_000;

    private CardState[] states;
    private byte[][] v1;
    private byte[][] v2;
    private int next;

    @Setup(Level.Trial)
    public void prepare() {
        RuleSet rules = RuleSet.defaults();
        CardDetection detection = CardDetection.fromRules(rules, Duration.ofSeconds(30));
        FraudScenario scenario = new FraudScenario(ScenarioConfig.defaults(42, Instant.parse("2026-01-05T08:00:00Z"))
                .withCards(FraudDetectorBenchmark.CARDS).withHistory(true, 0)
                .withRate(FraudDetectorBenchmark.EVENTS_PER_SECOND)
                .withLiveEvents(FraudDetectorBenchmark.WARM_EVENTS + MEASURED).withInjectionsPerMinute(30)
                .withRules(rules));
        Map<String, CardState> byCard = new HashMap<>();
        for (int i = 0; i < FraudDetectorBenchmark.WARM_EVENTS && scenario.hasNext(); i++) {
            Transaction tx = scenario.next().valueAs(Transaction.class);
            detection.process(byCard.computeIfAbsent(tx.getCardId(), id -> new CardState()), tx);
        }
        states = new CardState[MEASURED];
        v1 = new byte[MEASURED][];
        v2 = new byte[MEASURED][];
        for (int k = 0; k < MEASURED; k++) {
            Transaction tx = scenario.next().valueAs(Transaction.class);
            CardState state = byCard.computeIfAbsent(tx.getCardId(), id -> new CardState());
            detection.process(state, tx);
            v2[k] = CardStateCodec.encode(state);
            v1[k] = CardStateCodecV1.encode(state);
            states[k] = CardStateCodec.decode(v2[k]);
        }
    }

    private int nextIndex() {
        int k = next;
        next = k + 1 == MEASURED ? 0 : k + 1;
        return k;
    }

    @Benchmark
    public byte[] encodeV1() {
        return CardStateCodecV1.encode(states[nextIndex()]);
    }

    @Benchmark
    public byte[] encodeV2() {
        return CardStateCodec.encode(states[nextIndex()]);
    }

    @Benchmark
    public CardState decodeV1() {
        return CardStateCodec.decode(v1[nextIndex()]);
    }

    @Benchmark
    public CardState decodeV2() {
        return CardStateCodec.decode(v2[nextIndex()]);
    }
}

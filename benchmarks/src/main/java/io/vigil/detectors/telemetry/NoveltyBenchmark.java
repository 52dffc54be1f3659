package io.vigil.detectors.telemetry;

import io.vigil.config.RuleSet;
import io.vigil.config.RuleSpec;
import io.vigil.events.Telemetry;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * Per-reading cost of the telemetry-anomaly rule's novelty model, in nanoseconds: the model alone (judge, then
 * learn), and one reading through {@link DeviceDetection#process} with the novelty rule and, for comparison,
 * with the ewma rule. The readings are a seeded daily sine with noise, a reading every 5 minutes, warm: the
 * first {@value #WARM} are fed before measuring. Setup prints the novelty state's size in bytes as the codec
 * writes it.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgs = {"-Xmx1g", "-XX:+UseParallelGC"})
@State(Scope.Thread)
public class NoveltyBenchmark {

    static final int WARM = 5_000;
    static final int READINGS = 1 << 16;

    private double[] values;
    private Telemetry[] readings;
    private NoveltyState model;
    private DeviceDetection novelty;
    private DeviceDetection ewma;
    private DeviceState noveltyDevice;
    private DeviceState ewmaDevice;
    private int next;
    private long clock;

    private static RuleSpec rule(String model) {
        return new RuleSpec("telemetry-anomaly", 1, "telemetry-anomaly", true, "MEDIUM", Duration.ZERO,
                Map.of("metric", "value", "model", model, "warmup", "50"));
    }

    @Setup
    public void setUp() {
        SplittableRandom random = new SplittableRandom(13);
        values = new double[READINGS];
        readings = new Telemetry[READINGS];
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        for (int i = 0; i < READINGS; i++) {
            values[i] = 50 + 20 * Math.sin(2 * Math.PI * i / 288) + random.nextGaussian() * 2;
            readings[i] = Telemetry.newBuilder().setEventId("r" + i).setDeviceId("bench")
                    .setTimestamp(t0.plusSeconds(300L * i)).setMetric("value").setValue(values[i]).setUnit("").build();
        }
        model = new NoveltyState(32);
        novelty = DeviceDetection.fromRules(new RuleSet(List.of(rule("novelty"))), Duration.ZERO);
        ewma = DeviceDetection.fromRules(new RuleSet(List.of(rule("ewma"))), Duration.ZERO);
        noveltyDevice = new DeviceState();
        ewmaDevice = new DeviceState();
        for (int i = 0; i < WARM; i++) {
            model.learn(values[i], 0.999);
            novelty.process(noveltyDevice, readings[i], readings[i].getTimestamp().toEpochMilli());
            ewma.process(ewmaDevice, readings[i], readings[i].getTimestamp().toEpochMilli());
        }
        next = WARM;
        clock = readings[WARM - 1].getTimestamp().toEpochMilli();
        MetricState metric = noveltyDevice.metric("value");
        int with = DeviceStateCodec.encode(noveltyDevice).length;
        NoveltyState saved = metric.novelty();
        metric.novelty(null);
        int without = DeviceStateCodec.encode(noveltyDevice).length;
        metric.novelty(saved);
        System.out.printf("%nnovelty state: %d bytes per metric (32 bands); whole device state %d bytes%n",
                with - without, with);
    }

    private int advance() {
        int i = next;
        next = next + 1 == READINGS ? WARM : next + 1;
        return i;
    }

    @Benchmark
    public Object modelJudgeAndLearn() {
        double v = values[advance()];
        NoveltyState.Novelty found = model.judge(v, 0.0003, 2.5, 50, 19);
        model.learn(v, 0.999);
        return found;
    }

    /** The next reading, stamped 5 minutes after the previous one so that the cycle never goes back in time. */
    private Telemetry nextReading() {
        Telemetry r = readings[advance()];
        clock += 300_000;
        r.setTimestamp(Instant.ofEpochMilli(clock));
        return r;
    }

    @Benchmark
    public Object processNovelty() {
        Telemetry r = nextReading();
        return novelty.process(noveltyDevice, r, clock);
    }

    @Benchmark
    public Object processEwma() {
        Telemetry r = nextReading();
        return ewma.process(ewmaDevice, r, clock);
    }
}

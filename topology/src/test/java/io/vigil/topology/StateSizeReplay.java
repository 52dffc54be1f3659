package io.vigil.topology;

import io.vigil.config.RuleSet;
import io.vigil.detectors.StateFootprint;
import io.vigil.detectors.StateFootprint.Distribution;
import io.vigil.detectors.fraud.CardDetection;
import io.vigil.detectors.fraud.CardState;
import io.vigil.detectors.fraud.CardStateCodecV1;
import io.vigil.detectors.telemetry.DeviceDetection;
import io.vigil.detectors.telemetry.DeviceState;
import io.vigil.detectors.telemetry.DeviceStateCodecV1;
import io.vigil.events.Telemetry;
import io.vigil.events.Transaction;
import io.vigil.loadgen.FraudScenario;
import io.vigil.loadgen.GeneratedEvent;
import io.vigil.loadgen.ScenarioConfig;
import io.vigil.loadgen.telemetry.TelemetryScenario;
import io.vigil.loadgen.telemetry.TelemetryScenarioConfig;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;

/**
 * Encoded state sizes after replaying a generated scenario through the pure detectors, in format version 1 and
 * in the current format: per card for the bench's default backlog, per device and per device metric for the
 * default telemetry fleet. The bench measures the same bytes from its store after a drain; this needs no broker.
 *
 * <p>{@link StateSizeTest} asserts the bounds on a fifth of the backlog; {@link #main} prints the table for the
 * whole backlog (or {@code 1/N} of it with the argument {@code N}), see {@code docs/state-format.md}.
 */
final class StateSizeReplay {

    /** {@code vigil bench}'s defaults (BenchCommand): the backlog every bench run drains. */
    static final int BENCH_EVENTS = 1_000_000;
    static final int BENCH_CARDS = 100_000;
    static final double BENCH_SCENARIO_RATE = 2_000;
    static final double BENCH_INJECTIONS_PER_MINUTE = 30;
    static final long BENCH_SEED = 42;
    static final Duration GRACE = Duration.ofSeconds(30);

    /** Sizes of every entity's final state, in both formats. */
    record Sizes(Distribution v1, Distribution v2, Distribution v1PerMetric, Distribution v2PerMetric) {
        Sizes() {
            this(new Distribution(), new Distribution(), new Distribution(), new Distribution());
        }
    }

    private StateSizeReplay() {
    }

    /**
     * The bench's default backlog (as {@code Backlog.generate} builds it from {@code BenchRun.backlogScenario}):
     * the first {@link #BENCH_EVENTS} events of the default fraud scenario over {@link #BENCH_CARDS} cards at
     * {@link #BENCH_SCENARIO_RATE} events/s of event time, warm-up history only for the amount-anomaly cards;
     * all of it divided by {@code scale} except the span of event time. Each card then sees the same traffic at
     * the same pace and the same share of cards is attacked, so the per-card sizes are distributed alike.
     */
    static Sizes cards(RuleSet rules, int scale) {
        int events = BENCH_EVENTS / scale;
        double rate = BENCH_SCENARIO_RATE / scale;
        long spanMillis = (long) Math.ceil(events * 1000.0 / rate);
        ScenarioConfig config = ScenarioConfig.defaults(BENCH_SEED, Instant.parse("2026-11-23T08:00:00Z").minusMillis(spanMillis))
                .withCards(BENCH_CARDS / scale).withHistory(true, 0).withRate(rate)
                .withLiveEvents(events).withInjectionsPerMinute(BENCH_INJECTIONS_PER_MINUTE / scale).withRules(rules);
        FraudScenario scenario = new FraudScenario(config);
        CardDetection detection = CardDetection.fromRules(rules, GRACE);
        Map<String, CardState> states = new HashMap<>();
        for (int n = 0; n < events && scenario.hasNext(); n++) {
            GeneratedEvent event = scenario.next();
            detection.process(states.computeIfAbsent(event.key(), k -> new CardState()), event.valueAs(Transaction.class));
        }
        Sizes sizes = new Sizes();
        for (CardState state : states.values()) {
            sizes.v1().add(CardStateCodecV1.encode(state).length);
            sizes.v2().add(StateFootprint.cardBytes(state));
        }
        return sizes;
    }

    /** The default telemetry fleet (500 devices, four metrics every 5 s, default faults) for {@code live} of event time. */
    static Sizes devices(RuleSet rules, Duration live) {
        TelemetryScenario scenario = new TelemetryScenario(TelemetryScenarioConfig.defaults(BENCH_SEED,
                Instant.parse("2026-11-23T08:00:00Z")).withLiveDuration(live).withRules(rules));
        DeviceDetection detection = DeviceDetection.fromRules(rules, GRACE);
        Map<String, DeviceState> states = new HashMap<>();
        replay(scenario.history(), detection, states);
        replay(scenario.live(), detection, states);
        Sizes sizes = new Sizes();
        for (DeviceState state : states.values()) {
            int v1 = DeviceStateCodecV1.encode(state).length;
            sizes.v1().add(v1);
            sizes.v2().add(StateFootprint.deviceBytes(state));
            sizes.v1PerMetric().add(v1 / (double) Math.max(1, state.metrics().size()));
            sizes.v2PerMetric().add(StateFootprint.deviceBytesPerMetric(state));
        }
        return sizes;
    }

    /** "Now" is the reading's own time: a device that reports on schedule, as the generator's do. */
    private static void replay(Iterator<GeneratedEvent> events, DeviceDetection detection, Map<String, DeviceState> states) {
        while (events.hasNext()) {
            Telemetry reading = events.next().valueAs(Telemetry.class);
            detection.process(states.computeIfAbsent(reading.getDeviceId(), k -> new DeviceState()), reading,
                    reading.getTimestamp().toEpochMilli());
        }
    }

    static void print(PrintStream out, String what, Distribution v1, Distribution v2) {
        out.printf(Locale.ROOT, "%-22s %9s %8s %8s %8s %8s%n", what, "entities", "mean", "p50", "p99", "max");
        out.printf(Locale.ROOT, "%-22s %9d %8.1f %8.0f %8.0f %8.0f%n", "  version 1", v1.count(), v1.mean(),
                v1.percentile(50), v1.percentile(99), v1.max());
        out.printf(Locale.ROOT, "%-22s %9d %8.1f %8.0f %8.0f %8.0f%n", "  version 2", v2.count(), v2.mean(),
                v2.percentile(50), v2.percentile(99), v2.max());
    }

    public static void main(String[] args) {
        RuleSet rules = RuleSet.defaults();
        int scale = args.length > 0 ? Integer.parseInt(args[0]) : 1;
        Sizes cards = cards(rules, scale);
        print(System.out, "bytes per card" + (scale > 1 ? " (1/" + scale + ")" : ""), cards.v1(), cards.v2());
        Sizes devices = devices(rules, Duration.ofMinutes(10));
        print(System.out, "bytes per device", devices.v1(), devices.v2());
        print(System.out, "bytes per device metric", devices.v1PerMetric(), devices.v2PerMetric());
    }
}

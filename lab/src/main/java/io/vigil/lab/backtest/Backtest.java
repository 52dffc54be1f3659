package io.vigil.lab.backtest;

import io.vigil.config.RuleSet;
import io.vigil.config.RuleSpec;
import io.vigil.events.Telemetry;
import io.vigil.events.Transaction;
import io.vigil.loadgen.Injection;
import io.vigil.serdes.AvroSerdes;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Replays the recorded input topics through the pure detectors twice, once with the live rules and once with a
 * candidate rule set, and compares them rule by rule. It only reads: no consumer group, no output topic, so live
 * processing is untouched.
 */
public final class Backtest {

    /** What to replay and against what. */
    public record Inputs(Map<String, Object> clientProperties, String transactionsTopic, String telemetryTopic,
                         RuleSet live, String liveDescription, RuleSet candidate, String candidateDescription,
                         Duration grace, Optional<Instant> from, Optional<Instant> to,
                         Optional<Collection<Injection>> groundTruth) {
    }

    private Backtest() {
    }

    public static BacktestReport run(Inputs inputs, Consumer<String> progress) {
        Replay live = new Replay(inputs.live(), inputs.grace());
        Replay candidate = new Replay(inputs.candidate(), inputs.grace());
        Recorded read = read(inputs.clientProperties(), inputs.transactionsTopic(), inputs.telemetryTopic(),
                inputs.from(), inputs.to(), tx -> {
                    live.accept(tx);
                    candidate.accept(tx);
                }, reading -> {
                    live.accept(reading);
                    candidate.accept(reading);
                }, progress);
        live.finish(read.endMillis());
        candidate.finish(read.endMillis());
        return report(inputs, live, candidate, read.unreadable());
    }

    /**
     * Replays the recorded topics once through {@code sweep} (one replay per value) and scores each value against
     * the ground truth.
     */
    public static SweepReport sweep(Map<String, Object> clientProperties, String transactionsTopic,
                                    String telemetryTopic, Sweep sweep, Optional<Instant> from, Optional<Instant> to,
                                    Collection<Injection> groundTruth, Consumer<String> progress) {
        Recorded read = read(clientProperties, transactionsTopic, telemetryTopic, from, to, sweep::accept,
                sweep::accept, progress);
        sweep.finish(read.endMillis());
        return SweepReport.of(sweep, groundTruth);
    }

    /** What a read of the recorded topics ended at: the replay's end in event time, and the records skipped. */
    private record Recorded(long endMillis, long unreadable) {
    }

    private static Recorded read(Map<String, Object> clients, String transactionsTopic, String telemetryTopic,
                                 Optional<Instant> from, Optional<Instant> to, Consumer<Transaction> transactionSink,
                                 Consumer<Telemetry> readingSink, Consumer<String> progress) {
        long[] newest = {Long.MIN_VALUE};
        RecordedLog<Transaction> transactions = new RecordedLog<>(clients, transactionsTopic,
                AvroSerdes.specific(Transaction.class, clients, false).deserializer());
        transactions.replay(from, to, tx -> {
            transactionSink.accept(tx);
            newest[0] = Math.max(newest[0], tx.getTimestamp().toEpochMilli());
        }, n -> progress.accept(String.format("  %,d transaction records read", n)));
        RecordedLog<Telemetry> telemetry = new RecordedLog<>(clients, telemetryTopic,
                AvroSerdes.specific(Telemetry.class, clients, false).deserializer());
        telemetry.replay(from, to, reading -> {
            readingSink.accept(reading);
            newest[0] = Math.max(newest[0], reading.getTimestamp().toEpochMilli());
        }, n -> progress.accept(String.format("  %,d telemetry records read", n)));
        long end = to.map(Instant::toEpochMilli).orElse(newest[0] == Long.MIN_VALUE ? 0 : newest[0]);
        return new Recorded(end, transactions.unreadable() + telemetry.unreadable());
    }

    static BacktestReport report(Inputs inputs, Replay live, Replay candidate, long unreadable) {
        Collection<Injection> truth = inputs.groundTruth().orElse(List.of());
        Set<String> ruleIds = new LinkedHashSet<>();
        inputs.live().rules().stream().filter(Backtest::replayable).forEach(r -> ruleIds.add(r.id()));
        inputs.candidate().rules().stream().filter(Backtest::replayable).forEach(r -> ruleIds.add(r.id()));
        Map<String, RuleScore> liveScores = new LinkedHashMap<>();
        Map<String, RuleScore> candidateScores = new LinkedHashMap<>();
        for (String ruleId : new ArrayList<>(ruleIds)) {
            liveScores.put(ruleId, RuleScore.of(enabled(inputs.live(), ruleId), live.alerts(), truth));
            candidateScores.put(ruleId, RuleScore.of(enabled(inputs.candidate(), ruleId), candidate.alerts(), truth));
        }
        return new BacktestReport(live.transactions(), live.readings(), unreadable, inputs.from(), inputs.to(),
                inputs.liveDescription(), inputs.candidateDescription(),
                inputs.groundTruth().map(Collection::size), liveScores, candidateScores);
    }

    /** The blocked-card rule reacts to live actions, which a replay of the inputs cannot know. */
    private static boolean replayable(RuleSpec rule) {
        return !io.vigil.config.DetectorCatalog.BLOCKED_CARD_USED.equals(rule.detector());
    }

    private static RuleSpec enabled(RuleSet rules, String ruleId) {
        return rules.find(ruleId).filter(RuleSpec::enabled).orElse(null);
    }
}

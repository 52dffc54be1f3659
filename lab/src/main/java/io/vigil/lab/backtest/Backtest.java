package io.vigil.lab.backtest;

import io.vigil.config.InputSettings;
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
                         Duration grace, InputSettings input, Optional<Instant> from, Optional<Instant> to,
                         Optional<Collection<Injection>> groundTruth) {
    }

    private Backtest() {
    }

    public static BacktestReport run(Inputs inputs, Consumer<String> progress) {
        // Both replays judge event times against the recording's clock (vigil.clock.reference=record).
        Replay live = new Replay(inputs.live(), inputs.grace(), inputs.input());
        Replay candidate = new Replay(inputs.candidate(), inputs.grace(), inputs.input());
        long unreadable = read(inputs.clientProperties(), inputs.transactionsTopic(), inputs.telemetryTopic(),
                inputs.from(), inputs.to(), (key, tx, at) -> {
                    live.accept(key, tx, at);
                    candidate.accept(key, tx, at);
                }, (key, reading, at) -> {
                    live.accept(key, reading, at);
                    candidate.accept(key, reading, at);
                }, progress);
        long end = end(inputs.to(), live.newestEventMillis());
        live.finish(end);
        candidate.finish(end);
        return report(inputs, live, candidate, unreadable);
    }

    /**
     * Replays the recorded topics once through {@code sweep} (one replay per value, each judging event times
     * against the recording's clock) and scores each value against the ground truth.
     */
    public static SweepReport sweep(Map<String, Object> clientProperties, String transactionsTopic,
                                    String telemetryTopic, Sweep sweep, Optional<Instant> from, Optional<Instant> to,
                                    Collection<Injection> groundTruth, Consumer<String> progress) {
        read(clientProperties, transactionsTopic, telemetryTopic, from, to, sweep::accept, sweep::accept, progress);
        sweep.finish(end(to, sweep.newestEventMillis()));
        return SweepReport.of(sweep, groundTruth);
    }

    /**
     * Where a replay ends: {@code --to}, or the newest event the input gate let through (a refused event stamped
     * 2099 must not end the replay in 2099 and fire every device's silence deadline).
     */
    private static long end(Optional<Instant> to, long newestAccepted) {
        return to.map(Instant::toEpochMilli).orElse(newestAccepted == Long.MIN_VALUE ? 0 : newestAccepted);
    }

    /** Reads both recorded topics into the sinks; returns the records that could not be read. */
    private static long read(Map<String, Object> clients, String transactionsTopic, String telemetryTopic,
                             Optional<Instant> from, Optional<Instant> to, RecordedLog.Sink<Transaction> transactionSink,
                             RecordedLog.Sink<Telemetry> readingSink, Consumer<String> progress) {
        RecordedLog<Transaction> transactions = new RecordedLog<>(clients, transactionsTopic,
                AvroSerdes.specific(Transaction.class, clients, false).deserializer());
        transactions.replay(from, to, transactionSink,
                n -> progress.accept(String.format("  %,d transaction records read", n)));
        RecordedLog<Telemetry> telemetry = new RecordedLog<>(clients, telemetryTopic,
                AvroSerdes.specific(Telemetry.class, clients, false).deserializer());
        telemetry.replay(from, to, readingSink, n -> progress.accept(String.format("  %,d telemetry records read", n)));
        return transactions.unreadable() + telemetry.unreadable();
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
        return new BacktestReport(live.transactions(), live.readings(), unreadable, live.rejected(), inputs.from(),
                inputs.to(),
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

package io.vigil.detectors.fraud;

import io.vigil.detectors.Ewma;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A read-only snapshot of one card's detector state, shaped for people and JSON (interactive queries): what
 * each windowed rule currently counts, the amount baseline, the last card-present position, and the rules
 * whose episode is still open.
 *
 * <p>Card alerts are single OPEN alerts without a RESOLVED; an "open alert" here is a rule that fired on the
 * card and whose cooldown has not yet run out at the card's newest event time, so a further trigger would
 * belong to the same episode and raise nothing. Times are ISO-8601 instants, null when unknown.
 *
 * @param cardId            the card
 * @param newestEventTime   the newest event time seen on the card (its watermark for lateness)
 * @param recentTransactions transactions held in the bounded history
 * @param windows           per windowed rule, the transactions inside its window ending at the newest event
 * @param baseline          the EWMA baseline of log-amounts the amount-anomaly rule compares against
 * @param lastPosition      the last card-present use, or null
 * @param openAlerts        rules still inside their cooldown, by rule id
 */
public record CardStateView(String cardId, String newestEventTime, int recentTransactions, List<Window> windows,
                            Baseline baseline, LastPosition lastPosition, List<OpenAlert> openAlerts) {

    /** One windowed rule's view of the card's history. */
    public record Window(String ruleId, String detector, double windowSeconds, int count, String from, String to) {
    }

    /** @param typicalAmount the amount the baseline's mean corresponds to, in major units */
    public record Baseline(long count, double meanLogAmount, double stdDevLogAmount, double typicalAmount) {
    }

    public record LastPosition(String eventId, String time, double latitude, double longitude) {
    }

    /** @param quietUntil event time at which the rule's cooldown ends and a new episode can alert */
    public record OpenAlert(String ruleId, String lastTriggered, String quietUntil) {
    }

    /** The view of {@code state} under the rules that {@code detection} runs. */
    public static CardStateView of(String cardId, CardState state, CardDetection detection) {
        long newest = state.maxEventTimeMillis();
        List<RecentTransaction> history = state.history();
        List<Window> windows = new ArrayList<>();
        Map<String, FraudDetector> byRule = new TreeMap<>();
        for (FraudDetector detector : detection.detectors()) {
            byRule.put(detector.rule().id(), detector);
            long lookback = detector.lookbackMillis();
            if (lookback > 0) {
                long from = newest == Long.MIN_VALUE ? Long.MIN_VALUE : newest - lookback;
                int count = (int) history.stream().filter(tx -> tx.timestampMillis() > from).count();
                windows.add(new Window(detector.rule().id(), detector.rule().detector(), lookback / 1000.0, count,
                        time(from), time(newest)));
            }
        }
        Ewma b = state.baseline();
        Baseline baseline = new Baseline(b.count(), b.mean(), Math.sqrt(b.variance()), Math.expm1(b.mean()));
        Position p = state.lastPosition();
        LastPosition position = p == null ? null
                : new LastPosition(p.eventId(), time(p.timestampMillis()), p.latitude(), p.longitude());
        List<OpenAlert> open = new ArrayList<>();
        new TreeMap<>(state.lastTriggerMillis()).forEach((ruleId, at) -> {
            FraudDetector detector = byRule.get(ruleId);
            long quietUntil = at + (detector == null ? 0 : detector.rule().cooldown().toMillis());
            if (detector != null && quietUntil > newest) {
                open.add(new OpenAlert(ruleId, time(at), time(quietUntil)));
            }
        });
        return new CardStateView(cardId, time(newest), history.size(), List.copyOf(windows), baseline, position,
                List.copyOf(open));
    }

    private static String time(long millis) {
        return millis == Long.MIN_VALUE ? null : Instant.ofEpochMilli(millis).toString();
    }
}

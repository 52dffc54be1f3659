package io.vigil.detectors.fraud;

import io.vigil.config.RuleSet;
import io.vigil.config.RuleSpec;
import io.vigil.detectors.Alerts;
import io.vigil.detectors.Ewma;
import io.vigil.detectors.Finding;
import io.vigil.detectors.InputBounds;
import io.vigil.events.Alert;
import io.vigil.events.Channel;
import io.vigil.events.EntityType;
import io.vigil.events.Transaction;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Runs every enabled fraud rule against one card's state for one transaction: the whole per-event work of the
 * card processor, and the same code the offline oracle replays.
 *
 * <p>Per event, in order: drop a redelivered event id; count an event older than the card's watermark minus
 * the grace period as late; otherwise place it in the history by event time, let each detector look, apply
 * each rule's cooldown, then fold the transaction into the amount baseline and the last position and prune
 * the history back to its bound.
 *
 * <p>Cooldown is a quiet period: a rule that fired on a card stays silent while it keeps triggering less than
 * {@code cooldown} apart, so an attack that goes on for an hour is one alert, not one per transaction.
 */
public final class CardDetection {

    /** What happened to a transaction. */
    public enum Disposition { ACCEPTED, DUPLICATE_EVENT, LATE }

    public record Outcome(Disposition disposition, List<Alert> alerts) {
        public Outcome {
            alerts = List.copyOf(alerts);
        }
    }

    private static final int MIN_CAPACITY = 32;
    /**
     * Most bytes one card's state may take, encoded: well under the 1 MB a changelog record may have by default,
     * with room for the record's key and headers and for a future layout.
     */
    public static final int MAX_STATE_BYTES = 512 * 1024;
    /** Most bytes one history entry takes: event id and merchant id at their bounds, event time and amount. */
    public static final int MAX_ENTRY_BYTES = 2 * InputBounds.MAX_ID_BYTES + 2 * Long.BYTES;
    private static final double DEFAULT_ALPHA = 0.1;

    private final List<FraudDetector> detectors;
    private final long graceMillis;
    private final long maxCooldownMillis;
    private final int capacity;
    private final double baselineAlpha;

    public CardDetection(List<FraudDetector> detectors, Duration grace) {
        this.detectors = List.copyOf(detectors);
        this.graceMillis = grace.toMillis();
        this.maxCooldownMillis = detectors.stream().mapToLong(d -> d.rule().cooldown().toMillis()).max().orElse(0);
        this.capacity = Math.max(MIN_CAPACITY, 2 * detectors.stream().mapToInt(FraudDetector::historyNeeded).max().orElse(0));
        checkStateBytes(this.detectors, capacity);
        // One baseline per card: it follows the first amount rule's alpha so that every amount rule reads the same one.
        this.baselineAlpha = detectors.stream()
                .filter(AmountAnomalyDetector.class::isInstance)
                .map(d -> ((AmountAnomalyDetector) d).alpha())
                .findFirst().orElse(DEFAULT_ALPHA);
    }

    /**
     * Refuses rules that would let one card's state outgrow {@link #MAX_STATE_BYTES}: the history holds up to
     * {@link #capacity()} entries, each at most {@link #MAX_ENTRY_BYTES} at the input bounds, so the rule that
     * needs the most history decides whether every input sequence fits. Checked here, when rules are applied, so
     * that no card can later produce a state (and changelog record) larger than the topics accept.
     *
     * @throws IllegalArgumentException naming the rule and how far its count must come down
     */
    private static void checkStateBytes(List<FraudDetector> detectors, int capacity) {
        long worst = worstCaseStateBytes(detectors, capacity);
        if (worst <= MAX_STATE_BYTES) {
            return;
        }
        FraudDetector widest = detectors.stream().max(java.util.Comparator.comparingInt(FraudDetector::historyNeeded))
                .orElseThrow();
        long fixed = worstCaseStateBytes(detectors, 0);
        long maxCapacity = (MAX_STATE_BYTES - fixed) / MAX_ENTRY_BYTES;
        throw new IllegalArgumentException("Rule '" + widest.rule().id() + "' (" + widest.rule().detector()
                + ") needs " + widest.historyNeeded() + " transactions of history at once, so a card keeps up to "
                + capacity + " of them: up to " + worst / 1024 + " KiB of state with ids and merchant ids at their "
                + InputBounds.MAX_ID_LENGTH + "-character bound, more than the " + MAX_STATE_BYTES / 1024
                + " KiB a card's state may hold. Expected the rule to need at most " + maxCapacity / 2
                + " transactions (its count parameter at most " + (maxCapacity / 2 - 1) + ")");
    }

    /** The largest encoded card state these detectors can produce with {@code capacity} history entries. */
    static long worstCaseStateBytes(List<FraudDetector> detectors, int capacity) {
        long perRule = 0;
        for (FraudDetector detector : detectors) {
            perRule += 5 + 3L * detector.rule().id().length() + Long.BYTES;
        }
        // Version, watermark, baseline, last position (an event id and three numbers), two counts.
        long fixed = 1 + Long.BYTES + 3 * Long.BYTES + 1 + InputBounds.MAX_ID_BYTES + 3 * Long.BYTES + 10;
        return fixed + perRule + (long) capacity * MAX_ENTRY_BYTES;
    }

    /** The detectors for every enabled fraud rule in {@code rules}. */
    public static CardDetection fromRules(RuleSet rules, Duration grace) {
        List<FraudDetector> detectors = new ArrayList<>();
        for (RuleSpec rule : rules.rules()) {
            if (rule.enabled()) {
                FraudDetectors.create(rule).ifPresent(detectors::add);
            }
        }
        return new CardDetection(detectors, grace);
    }

    /** The most history entries a card keeps: the documented state bound. */
    public int capacity() {
        return capacity;
    }

    public List<FraudDetector> detectors() {
        return detectors;
    }

    public Outcome process(CardState state, Transaction tx) {
        long t = tx.getTimestamp().toEpochMilli();
        if (state.containsEvent(tx.getEventId())) {
            return new Outcome(Disposition.DUPLICATE_EVENT, List.of());
        }
        if (state.maxEventTimeMillis() != Long.MIN_VALUE && t < state.maxEventTimeMillis() - graceMillis
                || state.mayBeForgotten(t, capacity)) {
            return new Outcome(Disposition.LATE, List.of());
        }
        int index = state.insert(new RecentTransaction(tx.getEventId(), t, tx.getMerchantId(), tx.getAmountMinor()));
        List<Alert> alerts = new ArrayList<>(1);
        for (FraudDetector detector : detectors) {
            Optional<Finding> finding = detector.evaluate(state, tx, index);
            if (finding.isPresent() && outsideCooldown(state, detector.rule(), t)) {
                alerts.add(Alerts.open(detector.rule(), EntityType.CARD, tx.getCardId(), finding.get(), t));
            }
        }
        learn(state, tx, t);
        state.prune(this::retentionMillis, capacity);
        state.forgetTriggersBefore(state.maxEventTimeMillis() - maxCooldownMillis);
        return new Outcome(Disposition.ACCEPTED, alerts);
    }

    /**
     * How long behind the card's newest event {@code tx} stays in the history: the grace period plus the longest
     * any detector may read it. Per entry rather than one horizon for all, because card testing reads small
     * payments over ten minutes but nothing else that far back: with one horizon every payment was kept ten
     * minutes, and a card's state (read, written and sent to the changelog on every event) was several times
     * larger than what any detector could look at.
     */
    private long retentionMillis(RecentTransaction tx) {
        long longest = 0;
        for (FraudDetector detector : detectors) {
            longest = Math.max(longest, detector.lookbackMillis(tx));
        }
        return graceMillis + longest;
    }

    private static boolean outsideCooldown(CardState state, RuleSpec rule, long t) {
        Long previous = state.trigger(rule.id(), t);
        return previous == null || Math.abs(t - previous) >= rule.cooldown().toMillis();
    }

    /**
     * Folds the transaction into the baseline, only when it is spending ({@link AmountAnomalyDetector#isSpending}):
     * refunds and zero-amount authorisations are in the history (velocity and duplicates see them) but do not teach
     * the card what it usually spends. A baseline made non-finite by state from before that rule starts over.
     */
    private void learn(CardState state, Transaction tx, long t) {
        if (!state.baseline().isFinite()) {
            state.baseline(Ewma.EMPTY);
        }
        if (AmountAnomalyDetector.isSpending(tx.getAmountMinor())) {
            state.baseline(state.baseline().update(AmountAnomalyDetector.logAmount(tx.getAmountMinor()), baselineAlpha));
        }
        Position here = positionOf(tx);
        if (here != null && (state.lastPosition() == null || t >= state.lastPosition().timestampMillis())) {
            state.lastPosition(here);
        }
    }

    static Position positionOf(Transaction tx) {
        if (tx.getChannel() != Channel.CARD_PRESENT || tx.getLatitude() == null || tx.getLongitude() == null) {
            return null;
        }
        return new Position(tx.getEventId(), tx.getTimestamp().toEpochMilli(), tx.getLatitude(), tx.getLongitude());
    }
}

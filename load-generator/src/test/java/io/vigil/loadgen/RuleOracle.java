package io.vigil.loadgen;

import io.vigil.config.RuleSet;
import io.vigil.config.RuleSpec;
import io.vigil.events.Channel;
import io.vigil.events.Transaction;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The trigger conditions of the default fraud rules, written from the contract's wording and independent of
 * the generator's code, so that a test can ask of a card's events: which rules would fire?
 */
final class RuleOracle {

    private final RuleSpec velocity;
    private final RuleSpec amount;
    private final RuleSpec travel;
    private final RuleSpec testing;
    private final RuleSpec duplicate;

    RuleOracle(RuleSet rules) {
        this.velocity = rules.find("velocity").orElseThrow();
        this.amount = rules.find("amount-anomaly").orElseThrow();
        this.travel = rules.find("impossible-travel").orElseThrow();
        this.testing = rules.find("card-testing").orElseThrow();
        this.duplicate = rules.find("duplicate-transaction").orElseThrow();
    }

    static RuleOracle defaults() {
        return new RuleOracle(RuleSet.defaults());
    }

    /** The rule ids that fire on one card's transactions, given in arrival order; repeated event ids are dropped. */
    Set<String> firedRules(List<Transaction> arrivals) {
        List<Transaction> txs = inEventTimeOrder(dropRepeatedIds(arrivals));
        Set<String> fired = new LinkedHashSet<>();
        if (velocity(txs)) {
            fired.add("velocity");
        }
        if (amountAnomaly(txs)) {
            fired.add("amount-anomaly");
        }
        if (impossibleTravel(txs)) {
            fired.add("impossible-travel");
        }
        if (cardTesting(txs)) {
            fired.add("card-testing");
        }
        if (duplicate(txs)) {
            fired.add("duplicate-transaction");
        }
        return fired;
    }

    /** The same without dropping repeated event ids: what a pipeline that double counts would see. */
    Set<String> firedRulesCountingRepeats(List<Transaction> arrivals) {
        List<Transaction> txs = inEventTimeOrder(arrivals);
        return velocity(txs) ? Set.of("velocity") : Set.of();
    }

    boolean velocity(List<Transaction> txs) {
        int maxCount = velocity.intParam("maxCount");
        long window = velocity.durationParam("window").toMillis();
        for (Transaction end : txs) {
            long t = millis(end);
            long count = txs.stream().filter(tx -> millis(tx) > t - window && millis(tx) <= t).count();
            if (count > maxCount) {
                return true;
            }
        }
        return false;
    }

    /** The largest z-score any transaction reaches once the card has seen {@code warmup} transactions. */
    double maxAmountZ(List<Transaction> txs) {
        double alpha = amount.doubleParam("alpha");
        double minStd = amount.doubleParam("minStdDev");
        int warmup = amount.intParam("warmup");
        double mean = 0;
        double variance = 0;
        double maxZ = Double.NEGATIVE_INFINITY;
        for (int n = 0; n < txs.size(); n++) {
            double x = Math.log(txs.get(n).getAmountMinor() / 100.0 + 1);
            if (n >= warmup) {
                maxZ = Math.max(maxZ, (x - mean) / Math.max(Math.sqrt(variance), minStd));
            }
            if (n == 0) {
                mean = x;
            } else {
                double diff = x - mean;
                mean += alpha * diff;
                variance = (1 - alpha) * (variance + alpha * diff * diff);
            }
        }
        return maxZ;
    }

    boolean amountAnomaly(List<Transaction> txs) {
        return maxAmountZ(txs) > amount.doubleParam("zThreshold");
    }

    boolean impossibleTravel(List<Transaction> txs) {
        double maxSpeed = travel.doubleParam("maxSpeedKmh");
        double minKm = travel.doubleParam("minDistanceKm");
        Transaction previous = null;
        for (Transaction tx : txs) {
            if (tx.getChannel() != Channel.CARD_PRESENT) {
                continue;
            }
            if (previous != null) {
                double km = haversineKm(previous.getLatitude(), previous.getLongitude(), tx.getLatitude(), tx.getLongitude());
                double hours = Math.max(Math.abs(millis(tx) - millis(previous)) / 3_600_000.0, 1.0 / 3600);
                if (km >= minKm && km / hours > maxSpeed) {
                    return true;
                }
            }
            previous = tx;
        }
        return false;
    }

    boolean cardTesting(List<Transaction> txs) {
        long window = testing.durationParam("window").toMillis();
        long small = testing.longParam("smallAmountMinor");
        int minCount = testing.intParam("minCount");
        int minMerchants = testing.intParam("minMerchants");
        for (Transaction end : txs) {
            long t = millis(end);
            List<Transaction> inWindow = txs.stream()
                    .filter(tx -> millis(tx) > t - window && millis(tx) <= t && tx.getAmountMinor() <= small)
                    .toList();
            long merchants = inWindow.stream().map(Transaction::getMerchantId).distinct().count();
            if (inWindow.size() >= minCount && merchants >= minMerchants) {
                return true;
            }
        }
        return false;
    }

    boolean duplicate(List<Transaction> txs) {
        long window = duplicate.durationParam("window").toMillis();
        for (int i = 0; i < txs.size(); i++) {
            for (int j = i + 1; j < txs.size() && millis(txs.get(j)) - millis(txs.get(i)) <= window; j++) {
                Transaction a = txs.get(i);
                Transaction b = txs.get(j);
                if (a.getAmountMinor() == b.getAmountMinor() && a.getMerchantId().equals(b.getMerchantId())
                        && !a.getEventId().equals(b.getEventId())) {
                    return true;
                }
            }
        }
        return false;
    }

    static double haversineKm(double lat1, double lon1, double lat2, double lon2) {
        double p1 = Math.toRadians(lat1);
        double p2 = Math.toRadians(lat2);
        double dp = p2 - p1;
        double dl = Math.toRadians(lon2 - lon1);
        double h = Math.sin(dp / 2) * Math.sin(dp / 2) + Math.cos(p1) * Math.cos(p2) * Math.sin(dl / 2) * Math.sin(dl / 2);
        return 2 * 6371.0088 * Math.atan2(Math.sqrt(h), Math.sqrt(1 - h));
    }

    private static List<Transaction> dropRepeatedIds(List<Transaction> arrivals) {
        Set<String> seen = new HashSet<>();
        return arrivals.stream().filter(tx -> seen.add(tx.getEventId())).toList();
    }

    private static List<Transaction> inEventTimeOrder(List<Transaction> txs) {
        List<Transaction> sorted = new ArrayList<>(txs);
        sorted.sort(Comparator.comparingLong(RuleOracle::millis));
        return sorted;
    }

    private static long millis(Transaction tx) {
        return tx.getTimestamp().toEpochMilli();
    }
}
